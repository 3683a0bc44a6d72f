using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>Small checks shared by the browser tests: reflow at a given width, the query of the current address, Danish dates.</summary>
public static class PageChecks
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>Today's date in Denmark, the day the site's filters count from.</summary>
    public static DateOnly TodayInCopenhagen() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Copenhagen).DateTime);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The query string of the page's address as a dictionary (the last value of a key wins).</summary>
    public static IReadOnlyDictionary<string, string> Query(this IPage page) =>
        QueryHelpers.ParseQuery(new Uri(page.Url).Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>The local start times (Copenhagen, with offset) of the event cards on the page, from their &lt;time datetime&gt;.</summary>
    public static async Task<IReadOnlyList<DateTimeOffset>> CardStartsAsync(this IPage page)
    {
        var values = await page.Locator(".event-card time.event-card__date").EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('datetime'))");
        return values.Select(v => DateTimeOffset.ParseExact(v, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture)).ToList();
    }

    /// <summary>WCAG 1.4.10 reflow: nothing may make the page scroll sideways at this width.</summary>
    public static async Task AssertNoHorizontalScrollingAsync(this IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth <= width)
        {
            return;
        }

        var culprits = await page.EvaluateAsync<string[]>(
            """
            width => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 0.5)
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 160))
            """,
            width);
        Assert.Fail($"{page.Url} scrolls sideways at {width} px (scrollWidth {scrollWidth}). Wider elements:{Environment.NewLine}{string.Join(Environment.NewLine, culprits)}");
    }
}
