using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;
using IcalCalendar = Ical.Net.Calendar;

namespace Campaign.Tests.Events;

/// <summary>A cancelled event stays public, so those who planned to go find out: page, calendar file, JSON-LD, API and listing all say so.</summary>
public sealed class CancelledEventTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private const string Message = "Vi må desværre aflyse på grund af sygdom. Vi ses næste gang!";

    [Fact]
    public async Task Cancelled_event_says_so_everywhere_it_is_shown()
    {
        var word = UniqueWord();
        var published = await App.PublishAsync(On($"Fællessang {word}", Roedovre, Today.AddDays(9), 14, 16));
        var client = App.Client();
        var before = Assert.Single(IcalCalendar.Load(await client.GetStringAsync($"/arrangementer/{published.Slug}.ics"))!.Events);
        Assert.Equal("CONFIRMED", before.Status);
        // Seen once before, so the listing is in the output cache when the event is cancelled.
        Assert.False(Assert.Single(EventListing.Cards(await Html.ParseAsync(await client.GetAsync($"/arrangementer?q={word}")))).Cancelled);

        await App.CancelEventAsync(published.Id, Message);

        var page = await client.GetAsync($"/arrangementer/{published.Slug}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await Html.ParseAsync(page);
        var notice = html.QuerySelector(".notice--cancelled");
        Assert.Equal("Arrangementet er aflyst", notice?.QuerySelector("h2")?.TextContent.Trim());
        Assert.Equal(Message, notice?.QuerySelector("p")?.TextContent.Trim());
        Assert.NotNull(html.QuerySelector(".event-facts del"));

        using var ld = JsonDocument.Parse(html.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("https://schema.org/EventCancelled", ld.RootElement.GetProperty("eventStatus").GetString());

        var ics = await client.GetAsync($"/arrangementer/{published.Slug}.ics");
        var after = Assert.Single(IcalCalendar.Load(await ics.Content.ReadAsStringAsync())!.Events);
        Assert.Equal("CANCELLED", after.Status);
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence, $"SEQUENCE {before.Sequence} → {after.Sequence}");
        Assert.StartsWith("AFLYST: " + Message, after.Description);

        var feed = IcalCalendar.Load(await client.GetStringAsync($"/arrangementer.ics?q={word}"))!;
        Assert.Equal("CANCELLED", Assert.Single(feed.Events).Status);

        var item = Assert.Single((await EventListing.ApiAsync(client, $"/api/events?q={word}")).Items);
        Assert.True(item.Cancelled);
        Assert.Equal("cancelled", item.Status);

        var card = Assert.Single(EventListing.Cards(await Html.ParseAsync(await client.GetAsync($"/arrangementer?q={word}"))));
        Assert.True(card.Cancelled);
        Assert.Contains("Aflyst", card.Text);
    }

    [Fact]
    public async Task A_listing_marks_only_the_cancelled_event()
    {
        var word = UniqueWord();
        var cancelled = await App.SaveEventAsync(On($"Aflyst gåtur {word}", Roedovre, Today.AddDays(10)), EventStatus.Cancelled, Message);
        var held = await App.PublishAsync(On($"Gåtur der holdes {word}", Roedovre, Today.AddDays(11)));
        var client = App.Client();

        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?kommune=roedovre");
        var items = await EventListing.AllApiItemsAsync(client, $"?q={word}");

        Assert.True(cards.Single(c => c.Slug == cancelled.Slug).Cancelled);
        Assert.False(cards.Single(c => c.Slug == held.Slug).Cancelled);
        Assert.DoesNotContain("Aflyst", cards.Single(c => c.Slug == held.Slug).Text);
        Assert.Equal([true, false], items.Select(i => i.Cancelled));
    }

    [Fact]
    public async Task A_cancelled_event_can_no_longer_be_changed()
    {
        var evt = await App.SaveEventAsync(On($"Aflyst café {UniqueWord()}", Roedovre, Today.AddDays(10)), EventStatus.Cancelled, Message);

        var error = await Assert.ThrowsAsync<EventRuleException>(() => App.UpdateEventAsync(evt.Id, d => d with { Title = d.Title + " igen" }));

        Assert.Equal("Et aflyst arrangement kan ikke ændres.", error.Message);
    }
}
