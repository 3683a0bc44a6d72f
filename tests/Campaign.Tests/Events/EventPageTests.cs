using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>/arrangementer/{slug}: what a visitor needs to go, and what search engines and link previews read.</summary>
public sealed class EventPageTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    /// <summary>A day in winter time that is always upcoming, taken from the clock.</summary>
    private static readonly DateOnly WinterDay = Upcoming(1, 14);

    private static JsonElement JsonLd(IDocument html)
    {
        var script = Assert.Single(html.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(script.TextContent);
        return json.RootElement.Clone();
    }

    private static string? Meta(IDocument html, string property) =>
        html.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");

    private static string Fact(IDocument html, string term) =>
        html.QuerySelectorAll(".event-facts > div").Single(d => d.QuerySelector("dt")?.TextContent.Trim() == term)
            .QuerySelector("dd")!.TextContent;

    [Fact]
    public async Task Event_page_tells_when_where_and_who_with_a_calendar_file_and_a_map()
    {
        var word = UniqueWord();
        var evt = await App.PublishAsync(On($"Strikkecafé på biblioteket {word}", Roedovre, WinterDay, 19, 21) with
        {
            OrganiserName = "Rødovre Bibliotek",
            OrganiserUrl = "https://example.org/bibliotek",
            SeriesKey = DemoEvents.MarchSeries,
        });

        var response = await App.Client().GetAsync($"/arrangementer/{evt.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Equal(evt.Details.Title, html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(evt.Details.Summary, html.QuerySelector(".lead")?.TextContent.Trim());
        Assert.Contains($"{DanishDate(WinterDay)}, kl. 19.00–21.00", Fact(html, "Hvornår"));
        var where = Fact(html, "Hvor");
        Assert.Contains("Medborgerhuset", where);
        Assert.Contains("Hovedgaden 12, 2610 Rødovre", where);
        Assert.Contains("Gratis", Fact(html, "Pris"));
        Assert.Contains("Alle", Fact(html, "For hvem"));
        var organiser = html.QuerySelector(".event-facts a[href='https://example.org/bibliotek']");
        Assert.Equal("Rødovre Bibliotek", organiser?.TextContent.Trim());
        Assert.Equal("March mod Ensomhed", html.QuerySelector(".eyebrow a[href='/march-mod-ensomhed']")?.TextContent.Trim());
        Assert.NotNull(html.QuerySelector("a[href='/arrangementer?kommune=roedovre']"));

        var calendar = html.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Tilføj til kalender");
        Assert.Equal($"/arrangementer/{evt.Slug}.ics", calendar.GetAttribute("href"));
        Assert.True(calendar.HasAttribute("download"));
        var map = html.QuerySelectorAll("a").Single(a => a.TextContent.Contains("OpenStreetMap"));
        Assert.Equal("https://www.openstreetmap.org/search?query=Hovedgaden%2012%2C%202610%20R%C3%B8dovre%2C%20Danmark", map.GetAttribute("href"));

        Assert.Equal("event", Meta(html, "og:type"));
        Assert.Equal(evt.Details.Title, Meta(html, "og:title"));
        Assert.Equal(evt.Details.Summary, Meta(html, "og:description"));
        Assert.Equal($"http://localhost/arrangementer/{evt.Slug}", Meta(html, "og:url"));
        Assert.Equal($"http://localhost/arrangementer/{evt.Slug}", html.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.StartsWith(evt.Details.Title, html.Title);
    }

    [Fact]
    public async Task Event_page_describes_the_event_for_search_engines_in_json_ld()
    {
        var word = UniqueWord();
        var evt = await App.PublishAsync(On($"Fællesspisning {word}", Roedovre, WinterDay, 17, 20) with
        {
            OrganiserName = "Frivilligcenter Rødovre",
            ImageUrl = "/media/faellesspisning.jpg",
            ImageAlt = "Lange borde med mad",
            PriceDkk = 40,
            SeriesKey = DemoEvents.MealSeries,
        });

        var html = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));
        var ld = JsonLd(html);

        Assert.Equal("https://schema.org", ld.GetProperty("@context").GetString());
        Assert.Equal("Event", ld.GetProperty("@type").GetString());
        Assert.Equal(evt.Details.Title, ld.GetProperty("name").GetString());
        Assert.Equal(evt.Details.Summary, ld.GetProperty("description").GetString());
        Assert.Equal($"http://localhost/arrangementer/{evt.Slug}", ld.GetProperty("url").GetString());
        Assert.Equal($"{WinterDay:yyyy-MM-dd}T17:00:00+01:00", ld.GetProperty("startDate").GetString());
        Assert.Equal($"{WinterDay:yyyy-MM-dd}T20:00:00+01:00", ld.GetProperty("endDate").GetString());
        Assert.Equal("https://schema.org/EventScheduled", ld.GetProperty("eventStatus").GetString());
        Assert.Equal("https://schema.org/OfflineEventAttendanceMode", ld.GetProperty("eventAttendanceMode").GetString());
        var location = ld.GetProperty("location");
        Assert.Equal("Place", location.GetProperty("@type").GetString());
        Assert.Equal("Medborgerhuset", location.GetProperty("name").GetString());
        var address = location.GetProperty("address");
        Assert.Equal("PostalAddress", address.GetProperty("@type").GetString());
        Assert.Equal("Hovedgaden 12", address.GetProperty("streetAddress").GetString());
        Assert.Equal("2610", address.GetProperty("postalCode").GetString());
        Assert.Equal("Rødovre", address.GetProperty("addressLocality").GetString());
        Assert.Equal("Region Hovedstaden", address.GetProperty("addressRegion").GetString());
        Assert.Equal("DK", address.GetProperty("addressCountry").GetString());
        Assert.Equal("Frivilligcenter Rødovre", ld.GetProperty("organizer").GetProperty("name").GetString());
        Assert.False(ld.GetProperty("organizer").TryGetProperty("url", out _));
        Assert.Equal("http://localhost/media/faellesspisning.jpg", ld.GetProperty("image").GetString());
        Assert.False(ld.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.Equal(40m, decimal.Parse(ld.GetProperty("offers").GetProperty("price").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("DKK", ld.GetProperty("offers").GetProperty("priceCurrency").GetString());
        Assert.Equal("Danmark Spiser Sammen", ld.GetProperty("superEvent").GetProperty("name").GetString());
        Assert.Equal("http://localhost/danmark-spiser-sammen", ld.GetProperty("superEvent").GetProperty("url").GetString());
        Assert.Equal("http://localhost/media/faellesspisning.jpg", Meta(html, "og:image"));
        Assert.Equal("Lange borde med mad", html.QuerySelector(".event-page img[src='/media/faellesspisning.jpg']")?.GetAttribute("alt"));
    }

    [Fact]
    public async Task Summer_dates_carry_the_summer_offset()
    {
        var summerDay = Upcoming(7, 14);
        var evt = await App.PublishAsync(On($"Sommerfest {UniqueWord()}", Odsherred, summerDay, 14, 22));

        var ld = JsonLd(await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}")));

        Assert.Equal($"{summerDay:yyyy-MM-dd}T14:00:00+02:00", ld.GetProperty("startDate").GetString());
        Assert.Equal($"{summerDay:yyyy-MM-dd}T22:00:00+02:00", ld.GetProperty("endDate").GetString());
        Assert.Equal("4500", ld.GetProperty("location").GetProperty("address").GetProperty("postalCode").GetString());
    }

    [Fact]
    public async Task Online_event_has_a_virtual_location_and_no_map()
    {
        var word = UniqueWord();
        var evt = await App.PublishAsync(On($"Online fortællecafé {word}", Aarhus, WinterDay, 20, 21) with
        {
            IsOnline = true,
            OnlineUrl = "https://example.org/moede",
            VenueName = null,
            StreetAddress = null,
        });

        var html = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));
        var ld = JsonLd(html);

        Assert.Equal("https://schema.org/OnlineEventAttendanceMode", ld.GetProperty("eventAttendanceMode").GetString());
        var location = ld.GetProperty("location");
        Assert.Equal("VirtualLocation", location.GetProperty("@type").GetString());
        Assert.Equal("https://example.org/moede", location.GetProperty("url").GetString());
        Assert.False(location.TryGetProperty("address", out _));
        Assert.False(ld.TryGetProperty("image", out _));
        Assert.Contains("Online", Fact(html, "Hvor"));
        Assert.NotNull(html.QuerySelector(".event-facts a[href='https://example.org/moede']"));
        Assert.DoesNotContain(html.QuerySelectorAll("a"), a => a.GetAttribute("href")?.Contains("openstreetmap") == true);
    }

    [Fact]
    public async Task Text_that_looks_like_markup_stays_text_in_the_page_and_the_json_ld()
    {
        var title = $"Café </script><script>alert(1)</script> {UniqueWord()}";
        var evt = await App.PublishAsync(On(title, Roedovre, WinterDay) with { Summary = "Kaffe & kage <b>gratis</b>" });

        var html = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));
        var ld = JsonLd(html);

        Assert.Equal(title, ld.GetProperty("name").GetString());
        Assert.Equal("Kaffe & kage <b>gratis</b>", ld.GetProperty("description").GetString());
        Assert.Equal(title, html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Empty(html.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
    }

    [Fact]
    public async Task Repeating_event_shows_its_coming_dates_and_describes_the_next_one()
    {
        var word = UniqueWord();
        // Weekly from 13 days ago, so the next date is tomorrow whatever the time of day.
        var firstWeek = Today.AddDays(-13);
        var evt = await App.PublishAsync(On($"Gåklub {word}", Hvidovre, firstWeek, 10, 11) with { Repeat = Repeat.Weekly, RepeatUntil = firstWeek.AddDays(35) });

        var html = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));

        var next = Today.AddDays(1);
        var ld = JsonLd(html);
        Assert.Equal(CopenhagenTime.ToOffset(Local(next, 10)).ToString("yyyy-MM-dd'T'HH:mm:sszzz"), ld.GetProperty("startDate").GetString());
        Assert.Equal(4, html.QuerySelectorAll(".date-list li").Length);
        Assert.Contains("Hver uge til og med", Fact(html, "Hvornår"));
    }

    [Fact]
    public async Task Unknown_event_answers_404()
    {
        var client = App.Client();

        var page = await client.GetAsync("/arrangementer/findes-ikke-" + UniqueWord());
        var ics = await client.GetAsync("/arrangementer/findes-ikke-" + UniqueWord() + ".ics");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("Siden findes ikke", (await Html.ParseAsync(page)).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, ics.StatusCode);
    }

    [Theory]
    [InlineData(EventStatus.Draft)]
    [InlineData(EventStatus.Pending)]
    [InlineData(EventStatus.Rejected)]
    public async Task Event_that_is_not_published_is_not_shown(EventStatus status)
    {
        var word = UniqueWord();
        var evt = await App.SaveEventAsync(On($"Hemmeligt arrangement {word}", Roedovre, Today.AddDays(3)), status);
        var client = App.Client();

        var page = await client.GetAsync($"/arrangementer/{evt.Slug}");
        var ics = await client.GetAsync($"/arrangementer/{evt.Slug}.ics");
        var api = await EventListing.ApiAsync(client, $"/api/events?q={word}");
        var listing = await client.GetStringAsync($"/arrangementer?kommune=175");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain(word, await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, ics.StatusCode);
        Assert.Equal(0, api.Total);
        Assert.DoesNotContain(word, listing);
    }
}
