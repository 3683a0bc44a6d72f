using System.Net;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>
/// A series page counts its upcoming events by region and municipality. This class has a database of its
/// own and only one test makes March mod Ensomhed events, so the counts are exact; none makes Danmark Spiser Sammen events.
/// </summary>
public sealed class SeriesPageTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private static IElement Overview(IDocument html) => html.QuerySelector("section.series-events") ?? throw new InvalidOperationException("No series overview on the page.");

    [Fact]
    public async Task Series_page_counts_its_upcoming_events_by_region_and_municipality()
    {
        var word = UniqueWord();
        EventDetails March(string title, int municipality, int daysAhead) =>
            On($"{title} {word}", municipality, Today.AddDays(daysAhead)) with { SeriesKey = DemoEvents.MarchSeries };
        var roedovre = new[]
        {
            await App.PublishAsync(March("March i Rødovre", Roedovre, 10)),
            await App.PublishAsync(March("Aftenmarch i Rødovre", Roedovre, 11)),
            // Weekly for a month: one event, however many dates.
            await App.PublishAsync(March("Ugentlig march i Rødovre", Roedovre, 12) with { Repeat = Repeat.Weekly, RepeatUntil = Today.AddDays(40) }),
        };
        var odsherred = await App.PublishAsync(March("March i Asnæs", Odsherred, 15));
        var aarhus = await App.SaveEventAsync(March("Aflyst march i Aarhus", Aarhus, 20), EventStatus.Cancelled);
        // Not counted: over, not yet approved, or outside the series.
        await App.PublishAsync(March("Sidste års march i Aalborg", Aalborg, -30));
        await App.SaveEventAsync(March("Kladde til march i Aalborg", Aalborg, 10), EventStatus.Draft);
        await App.SaveEventAsync(March("Afventende march i Aalborg", Aalborg, 10), EventStatus.Pending);
        await App.PublishAsync(March("Gåtur uden serie i Aalborg", Aalborg, 10) with { SeriesKey = null });
        var client = App.Client();

        var response = await client.GetAsync("/march-mod-ensomhed");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overview = Overview(await Html.ParseAsync(response));
        Assert.Equal("5 arrangementer i 3 kommuner", overview.QuerySelector(".series-events__total")?.TextContent.Trim());
        Assert.Equal("/arrangementer?serie=march-mod-ensomhed", overview.QuerySelector("a.button")?.GetAttribute("href"));
        var regions = overview.QuerySelectorAll(".series-region").Select(r => (
            Heading: r.QuerySelector("h3")!.TextContent.Trim(),
            Municipalities: r.QuerySelectorAll("li").Select(li => (
                Text: li.TextContent.Trim(),
                Href: li.QuerySelector("a")!.GetAttribute("href"))).ToList())).ToList();
        Assert.Equal(
            [
                ("Region Hovedstaden (3 arrangementer)", "Rødovre (3)", "/arrangementer?serie=march-mod-ensomhed&kommune=roedovre"),
                ("Region Midtjylland (1 arrangement)", "Aarhus (1)", "/arrangementer?serie=march-mod-ensomhed&kommune=aarhus"),
                ("Region Sjælland (1 arrangement)", "Odsherred (1)", "/arrangementer?serie=march-mod-ensomhed&kommune=odsherred"),
            ],
            regions.Select(r => (r.Heading, Assert.Single(r.Municipalities).Text, Assert.Single(r.Municipalities).Href)));

        // The municipality link lists exactly that municipality's events in the series.
        var (listing, cards) = await EventListing.AllCardsAsync(client, regions[0].Municipalities[0].Href!);
        Assert.Equal("Arrangementer i Rødovre", listing.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(roedovre.Select(e => e.Slug).Order(), cards.Select(c => c.Slug).Distinct().Order());
        Assert.All(cards, c => Assert.Contains("March mod Ensomhed", c.Text));
        var odsherredCards = (await EventListing.AllCardsAsync(client, regions[2].Municipalities[0].Href!)).Cards;
        Assert.Equal([odsherred.Slug], odsherredCards.Select(c => c.Slug));
        var aarhusCards = (await EventListing.AllCardsAsync(client, regions[1].Municipalities[0].Href!)).Cards;
        Assert.Equal([aarhus.Slug], aarhusCards.Select(c => c.Slug));
    }

    [Fact]
    public async Task Series_without_upcoming_events_invites_people_to_make_one()
    {
        var response = await App.Client().GetAsync("/danmark-spiser-sammen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overview = Overview(await Html.ParseAsync(response));
        Assert.Contains("Der er ingen kommende arrangementer i Danmark Spiser Sammen endnu.", overview.TextContent);
        Assert.Empty(overview.QuerySelectorAll(".series-region"));
    }
}
