using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// The event calendar as a visitor uses it: the filter form on /arrangementer, an event page and its .ics, the
/// series pages. Needs the demo events (Seed:DemoData in <see cref="SiteFixture"/>): 360 over the next 120 days.
/// </summary>
public sealed class EventsTests(SiteFixture site) : BrowserTest(site)
{
    private const int PageSize = 20;

    [Fact]
    public async Task Filtering_by_municipality_and_dates_shows_only_events_there_in_that_period()
    {
        var today = PageChecks.TodayInCopenhagen();
        var (from, to) = (today, today.AddDays(121));

        await OpenAsync("/arrangementer");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Find et arrangement");
        var form = Page.Locator("form.filters");
        await form.GetByLabel("Kommune", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Rødovre" });
        await form.GetByLabel("Fra dato").FillAsync(PageChecks.Iso(from));
        await form.GetByLabel("Til dato").FillAsync(PageChecks.Iso(to));
        var response = await SubmitAsync(form.GetByRole(AriaRole.Button, new() { Name = "Vis arrangementer" }));
        Assert.Equal(200, response.Status);

        var query = Page.Query();
        Assert.Equal("roedovre", query.GetValueOrDefault("kommune"));
        Assert.Equal(PageChecks.Iso(from), query.GetValueOrDefault("fra"));
        Assert.Equal(PageChecks.Iso(to), query.GetValueOrDefault("til"));

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Arrangementer i Rødovre");
        var total = await CountHeadingAsync(" i Rødovre");
        Assert.True(total > 0, "The demo data has events in Rødovre, but the filtered listing found none.");

        var cards = Page.Locator(".event-list > .event-card");
        await Expect(cards).ToHaveCountAsync(Math.Min(total, PageSize));
        foreach (var card in await cards.AllAsync())
        {
            await Expect(card.Locator(".event-card__meta").Last).ToContainTextAsync("Rødovre Kommune");
        }

        foreach (var start in await Page.CardStartsAsync())
        {
            var day = DateOnly.FromDateTime(start.DateTime);
            Assert.True(day >= from && day <= to, $"An event on {day} is listed for {from}–{to}.");
        }

        // The form remembers the choices, so the visitor can adjust them.
        await Expect(form.GetByLabel("Kommune", new() { Exact = true })).ToHaveValueAsync("roedovre");
        await Expect(form.GetByLabel("Fra dato")).ToHaveValueAsync(PageChecks.Iso(from));
        await Expect(form.GetByLabel("Til dato")).ToHaveValueAsync(PageChecks.Iso(to));

        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("events-filter-roedovre");
    }

    [Fact]
    public async Task An_event_opened_from_the_list_shows_when_and_where_and_offers_an_ics_file()
    {
        await OpenAsync("/arrangementer?kommune=roedovre");
        // The first event that takes place at an address in Rødovre (not online, not cancelled).
        var card = Page.Locator(".event-list > .event-card")
            .Filter(new() { HasNot = Page.Locator(".badge--cancelled") })
            .Filter(new() { HasNotText = "Online" })
            .First;
        var link = card.Locator(".event-card__title a");
        var title = (await link.InnerTextAsync()).Trim();
        var when = (await card.Locator(".event-card__meta").First.InnerTextAsync()).Trim();
        var start = DateTimeOffset.ParseExact(
            (await card.Locator("time.event-card__date").GetAttributeAsync("datetime"))!, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

        var response = await FollowAsync(link);
        Assert.Equal(200, response.Status);
        Assert.Matches("/arrangementer/[a-z0-9-]+$", new Uri(Page.Url).AbsolutePath);
        await Expect(Page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(Fact("Hvornår")).ToContainTextAsync(when);
        await Expect(Fact("Hvor")).ToContainTextAsync("Rødovre");
        await Expect(Fact("Hvor").GetByRole(AriaRole.Link, new() { Name = "Flere arrangementer i Rødovre" })).ToHaveAttributeAsync("href", "/arrangementer?kommune=roedovre");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("event-page");

        var add = Page.GetByRole(AriaRole.Link, new() { Name = "Tilføj til kalender" });
        await Expect(add).ToHaveAttributeAsync("href", new Uri(Page.Url).AbsolutePath + ".ics");
        var download = await Page.RunAndWaitForDownloadAsync(() => add.ClickAsync());
        Assert.EndsWith(".ics", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Null(await download.FailureAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        var ics = new UTF8Encoding(false, true).GetString(bytes);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", ics);
        Assert.DoesNotMatch("\r[^\n]", ics);

        // RFC 5545: long lines are folded with CRLF + space; unfold before reading properties.
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("SUMMARY:" + EscapeIcsText(title), lines);
        var local = start.DateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        Assert.Contains("DTSTART;TZID=Europe/Copenhagen:" + local, lines);
        Assert.Contains(lines, l => l.StartsWith("URL:", StringComparison.Ordinal) && l.EndsWith(new Uri(Page.Url).AbsolutePath, StringComparison.Ordinal));
        Assert.Single(lines, "BEGIN:VEVENT");

        await ScreenshotAsync("event-ics-end");
    }

    [Theory]
    [InlineData("I weekenden", "weekend", false)]
    [InlineData("Næste 30 dage", "30-dage", true)]
    public async Task A_quick_date_choice_filters_the_listing_with_or_without_javascript(string label, string value, bool javaScript)
    {
        var page = Page;
        IBrowserContext? noScript = null;
        if (!javaScript)
        {
            noScript = await Site.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport, JavaScriptEnabled = false });
            page = await noScript.NewPageAsync();
        }

        try
        {
            var today = PageChecks.TodayInCopenhagen();
            // One event of our own inside the period and one just outside it, so the check below never rests on
            // whatever the demo data happens to hold for this week.
            // A short word of letters only: a long one would not wrap and would widen the cards on the 320 px tests.
            var word = string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('k' + Convert.ToInt32(c.ToString(), 16))));
            var (inside, outside) = PeriodEvents(value, today);
            await Site.PublishEventAsync($"Inden for perioden {word}", inside, inside.AddMinutes(30));
            await Site.PublishEventAsync($"Uden for perioden {word}", outside, outside.AddHours(1));
            await page.GotoAsync("/arrangementer");
            Assert.Equal(javaScript, await page.EvaluateAsync<bool>("() => document.documentElement.classList.contains('js')"));

            var form = page.Locator("form.filters");
            await form.GetByRole(AriaRole.Radio, new() { Name = label, Exact = true }).CheckAsync();
            var response = await page.RunAndWaitForResponseAsync(
                () => form.GetByRole(AriaRole.Button, new() { Name = "Vis arrangementer" }).ClickAsync(),
                r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame);
            await page.WaitForLoadStateAsync();
            Assert.Equal(200, response.Status);

            Assert.Equal(value, page.Query().GetValueOrDefault("periode"));
            await Expect(form.GetByRole(AriaRole.Radio, new() { Name = label, Exact = true })).ToBeCheckedAsync();
            var heading = page.Locator("#resultater");
            await Expect(heading).ToHaveTextAsync(CountPattern());
            var total = ParseCount(await heading.InnerTextAsync());

            Assert.True(total > 0, $"\"{label}\" found nothing, though an event was published inside the period.");
            var cards = page.Locator(".event-list > .event-card");
            await Expect(cards).ToHaveCountAsync(Math.Min(total, PageSize));
            var starts = await page.CardStartsAsync();
            Assert.NotEmpty(starts);

            foreach (var start in starts)
            {
                var day = DateOnly.FromDateTime(start.DateTime);
                if (value == "weekend")
                {
                    Assert.True(day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"\"{label}\" lists an event on {day:dddd d MMMM}.");
                    Assert.True(day >= today && day <= today.AddDays(7), $"\"{label}\" lists an event on {day}, not the coming weekend.");
                }
                else
                {
                    Assert.True(day >= today && day <= today.AddDays(30), $"\"{label}\" lists an event on {day}.");
                }
            }

            // The same period narrowed to our two events: the one inside is listed, the one outside is not.
            // The search index is fed in the background, so give it a few seconds to learn the new words.
            var titles = page.Locator(".event-list > .event-card .event-card__title");
            for (var attempt = 0; attempt < 20; attempt++)
            {
                await page.GotoAsync($"/arrangementer?periode={value}&q={word}");
                if (await titles.CountAsync() > 0)
                {
                    break;
                }

                await Task.Delay(500);
            }

            await Expect(titles).ToHaveTextAsync([$"Inden for perioden {word}"]);

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot($"events-periode-{value}{(javaScript ? "" : "-nojs")}"), FullPage = true });
        }
        finally
        {
            if (noScript is not null)
            {
                await noScript.CloseAsync();
            }
        }
    }

    [Theory]
    [InlineData("/march-mod-ensomhed", "march-mod-ensomhed", "March mod Ensomhed")]
    [InlineData("/danmark-spiser-sammen", "danmark-spiser-sammen", "Danmark Spiser Sammen")]
    public async Task A_series_page_counts_its_events_and_links_to_them_by_municipality(string path, string slug, string series)
    {
        var response = await OpenAsync(path);
        Assert.Equal(200, response.Status);
        await Expect(Page.Locator("h1")).ToHaveTextAsync(series);
        var total = Page.Locator(".series-events__total");
        await Expect(total).ToHaveTextAsync(new Regex(@"^\d+ arrangementer? i \d+ kommuner?$"));
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = $"Se alle arrangementer i {series}" })).ToHaveAttributeAsync("href", $"/arrangementer?serie={slug}");
        var links = Page.Locator(".municipality-list a");
        Assert.True(await links.CountAsync() > 1, "The series page links to fewer than two municipalities.");
        await Page.AssertAccessibleAsync();

        // Rødovre gets extra demo events; otherwise take the first municipality listed.
        var rodovre = links.GetByText("Rødovre", new() { Exact = true });
        var link = await rodovre.CountAsync() == 1 ? rodovre : links.First;
        var municipality = (await link.InnerTextAsync()).Trim();
        var countText = await link.EvaluateAsync<string>("a => a.nextElementSibling?.textContent ?? ''");
        var expected = int.Parse(countText.Trim('(', ')', ' '), CultureInfo.InvariantCulture);

        response = await FollowAsync(link);
        Assert.Equal(200, response.Status);
        var query = Page.Query();
        Assert.Equal(slug, query.GetValueOrDefault("serie"));
        Assert.False(string.IsNullOrEmpty(query.GetValueOrDefault("kommune")));
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Arrangementer i {municipality}");
        await Expect(Page.Locator("#filter-serie")).ToHaveValueAsync(slug);

        // Events in a series do not repeat in the demo data, so events and listed dates are the same number.
        var listed = await CountHeadingAsync($" i {municipality}");
        Assert.True(listed == expected, $"{path} says {municipality} has {expected} events, the listing shows {listed}.");
        foreach (var card in await Page.Locator(".event-list > .event-card").AllAsync())
        {
            await Expect(card).ToContainTextAsync($"{municipality} Kommune");
            await Expect(card.Locator(".tag--series")).ToHaveTextAsync(series);
        }

        await Page.AssertAccessibleAsync();
        await ScreenshotAsync($"series-{slug}-end");
    }

    /// <summary>Clicks a submit button and waits for the page the form leads to.</summary>
    private async Task<IResponse> SubmitAsync(ILocator button)
    {
        var response = await Page.RunAndWaitForResponseAsync(
            () => button.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame);
        await Page.WaitForLoadStateAsync();
        return response;
    }

    /// <summary>Reads "17 arrangementer i Rødovre" from the result heading and returns 17.</summary>
    private async Task<int> CountHeadingAsync(string suffix)
    {
        var heading = Page.Locator("#resultater");
        await Expect(heading).ToHaveTextAsync(CountPattern(suffix));
        return ParseCount(await heading.InnerTextAsync());
    }

    /// <summary>
    /// A start inside the quick period and one just outside it. The weekend is the coming one (this one on a Sunday), as the
    /// filter counts it; inside starts at noon, or a few minutes from now when that is later.
    /// </summary>
    private static (DateTime Inside, DateTime Outside) PeriodEvents(string period, DateOnly today)
    {
        DateTime At(DateOnly day, int hour) => DateTime.SpecifyKind(
            TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen")), DateTimeKind.Utc);
        DateTime Soon(DateTime utc) => utc > DateTime.UtcNow.AddMinutes(10) ? utc : DateTime.UtcNow.AddMinutes(10);

        if (period == "weekend")
        {
            var saturday = today.DayOfWeek == DayOfWeek.Sunday ? today.AddDays(-1) : today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7);
            var day = today.DayOfWeek == DayOfWeek.Sunday ? today : saturday;
            return (Soon(At(day, 12)), At(saturday.AddDays(2), 12));
        }

        return (Soon(At(today.AddDays(10), 12)), At(today.AddDays(40), 12));
    }

    private static Regex CountPattern(string suffix = "") => new($@"^\d[\d.]* arrangementer?{Regex.Escape(suffix)}$");

    private static int ParseCount(string heading) =>
        int.Parse(heading.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("da-DK"));

    private ILocator Fact(string term) =>
        Page.Locator(".event-facts > div").Filter(new() { Has = Page.Locator("dt", new() { HasTextRegex = new Regex($"^{term}$") }) }).Locator("dd");

    private static string EscapeIcsText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
}
