using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>The app with demo data switched on, as a developer's site starts.</summary>
public sealed class DemoDataApp : CampaignApp
{
    public DemoDataApp() => With("Seed:DemoData", "true");
}

public sealed class DemoDataTests(DemoDataApp app) : IntegrationTest<DemoDataApp>(app)
{
    [Fact]
    public async Task Demo_data_fills_the_calendar_across_the_country()
    {
        var items = await EventListing.AllApiItemsAsync(App.Client(), "");

        Assert.True(items.Count >= 300, $"{items.Count} dates listed");
        var municipalities = items.Select(i => i.Municipality.Code).Distinct().Count();
        Assert.True(municipalities >= 70, $"events in {municipalities} municipalities");
        Assert.Contains(items, i => i.Series?.Slug == "march-mod-ensomhed");
        Assert.Contains(items, i => i.Series?.Slug == "danmark-spiser-sammen");
        Assert.Contains(items, i => i.Series is null);
        Assert.Contains(items, i => i.Cancelled);
        Assert.All(items, i => Assert.True(i.End > DateTimeOffset.UtcNow, $"{i.Title} ended {i.End}"));
    }

    [Fact]
    public async Task Roedovre_listing_shows_only_roedovres_demo_events()
    {
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?kommune=175");
        var (html, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?kommune=175");

        Assert.True(items.Count >= 10, $"{items.Count} dates in Rødovre");
        Assert.All(items, i => Assert.Equal(175, i.Municipality.Code));
        Assert.Equal($"{items.Count} arrangementer i Rødovre", html.QuerySelector("#resultater")?.TextContent.Trim());
        Assert.Equal(items.Count, cards.Count);
        Assert.All(cards, c => Assert.Contains("Rødovre Kommune", c.Text));
        Assert.Equal(items.Select(i => i.Url.Split('/')[^1]).Order(), cards.Select(c => c.Slug).Order());
    }

    [Fact]
    public async Task National_calendar_feed_holds_every_upcoming_event_once()
    {
        var client = App.Client();
        var items = await EventListing.AllApiItemsAsync(client, "");

        var calendar = Ical.Net.Calendar.Load(await client.GetStringAsync("/arrangementer.ics"))!;

        // Every event, even when there are more dates than the feed reads at once (weekly events have many).
        var expected = items.Select(i => $"{i.Id}@talomensomhed.dk").Distinct().Order().ToList();
        Assert.True(items.Count > 500, $"{items.Count} dates: too few to show the feed's limit");
        Assert.True(expected.Count == calendar.Events.Count, $"the feed has {calendar.Events.Count} of {expected.Count} events ({items.Count} dates)");
        Assert.Equal(expected, calendar.Events.Select(e => e.Uid!).Order().ToList());
    }

    [Fact]
    public async Task A_demo_event_page_answers()
    {
        var client = App.Client();
        var first = (await EventListing.ApiAsync(client, "/api/events?size=1")).Items[0];

        var response = await client.GetAsync(new Uri(first.Url).AbsolutePath);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first.Title, (await Html.ParseAsync(response)).QuerySelector("h1")?.TextContent.Trim());
    }
}

/// <summary>DemoEvents.Build is pure: the same day and seed give the same valid events.</summary>
public sealed class DemoEventsBuildTests
{
    [Fact]
    public void Build_makes_valid_published_events_in_nearly_every_municipality()
    {
        var events = DemoEvents.Build(Today, Now);

        Assert.Equal(360, events.Count);
        Assert.All(events, e => Assert.Empty(e.Details.Validate()));
        Assert.All(events, e => Assert.True(e.IsPublic, $"{e.Slug} is {e.Status}"));
        Assert.All(events, e => Assert.True(e.Details.StartUtc > Now, $"{e.Slug} starts {e.Details.StartUtc}"));
        Assert.Equal(events.Count, events.Select(e => e.Slug).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.True(events.Select(e => e.Details.MunicipalityCode).Distinct().Count() >= 90);
        Assert.True(events.Count(e => e.Details.MunicipalityCode == Roedovre) >= 10);
        Assert.Contains(events, e => e.Details.SeriesKey == DemoEvents.MarchSeries);
        Assert.Contains(events, e => e.Details.SeriesKey == DemoEvents.MealSeries);
        Assert.Contains(events, e => e.Details.Repeat != Repeat.None);
        Assert.Contains(events, e => e.Details.IsOnline);
        Assert.Contains(events, e => e.Status == EventStatus.Cancelled);
    }

    [Fact]
    public void Build_gives_the_same_events_for_the_same_day()
    {
        var today = new DateOnly(2027, 2, 1);
        var now = new DateTime(2027, 2, 1, 8, 0, 0, DateTimeKind.Utc);

        var first = DemoEvents.Build(today, now, count: 50);
        var second = DemoEvents.Build(today, now, count: 50);

        Assert.Equal(first.Select(e => (e.Id, e.Slug, e.Details)), second.Select(e => (e.Id, e.Slug, e.Details)));
    }
}
