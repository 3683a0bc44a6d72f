using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Search;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>The listing's q filter considers every event that matches the text, however many past events match better.</summary>
public sealed class EventTextFilterTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task The_soonest_match_is_listed_even_when_thousands_of_past_events_rank_higher()
    {
        var word = UniqueWord();

        // More past events than any ranked pool holds, each with the word in its title, so each outranks the coming one.
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var events = new List<Event>();
            for (var i = 0; i < 2100; i++)
            {
                var title = $"{word} {word} arkiv {i}";
                var evt = Event.Create(Guid.NewGuid(), UrlSegment.From(title), On(title, Roedovre, Today.AddDays(-2 - (i % 300))), Now);
                evt.Publish(Now);
                events.Add(evt);
            }

            db.Events.AddRange(events);
            var saved = await db.SaveChangesAsync();
            await services.GetRequiredService<SearchIndexer>().IndexEventsAsync(events.Select(e => (e, (string?)null)), CancellationToken.None);
            return saved;
        });
        var coming = await App.PublishAsync(On("Brætspilsaften " + UniqueWord(), Roedovre, Today.AddDays(3)) with { Description = $"Vi spiller {word} hele aftenen." });
        var client = App.Client();

        var page = await EventListing.ApiAsync(client, $"/api/events?q={word}");
        var html = await Html.ParseAsync(await client.GetAsync($"/arrangementer?q={word}"));
        var past = await EventListing.ApiAsync(client, $"/api/events?q={word}&tidligere=ja");

        Assert.Equal(1, page.Total);
        Assert.Equal([coming.Id], page.Items.Select(i => i.Id));
        Assert.Equal([coming.Slug], EventListing.Cards(html).Select(c => c.Slug));
        Assert.Equal(2100, past.Total);
    }
}
