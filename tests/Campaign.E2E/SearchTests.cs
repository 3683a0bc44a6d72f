using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>The site search (/soeg) reached from the search field in the header, as a visitor uses it.</summary>
public sealed class SearchTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task The_header_search_finds_pages_with_the_words_marked_and_counts_per_type()
    {
        await OpenAsync("/");
        await SearchFromHeaderAsync("fællesskaber");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Søg");
        await Expect(Page.Locator("#search-q")).ToHaveValueAsync("fællesskaber");
        var heading = Page.Locator("#soegeresultater");
        await Expect(heading).ToHaveTextAsync(new Regex(@"^\d+ resultat(er)? for »fællesskaber«$"));

        var hits = Page.Locator("ol.hits > li.hit");
        Assert.True(await hits.CountAsync() > 0, "No hits for \"fællesskaber\".");
        await Expect(hits.First.Locator(".hit__title a")).ToHaveAttributeAsync("href", new Regex("^/"));
        var marks = Page.Locator(".hit__snippet mark");
        Assert.True(await marks.CountAsync() > 0, "No search word is marked in the snippets.");
        foreach (var text in await marks.AllInnerTextsAsync())
        {
            Assert.Contains("fællesskab", text, StringComparison.OrdinalIgnoreCase);
        }

        var facets = Page.GetByRole(AriaRole.Navigation, new() { Name = "Vis kun" });
        await Expect(facets.GetByRole(AriaRole.Link).First).ToHaveTextAsync(new Regex(@"^Alle \(\d+\)$"));
        await Expect(facets.GetByRole(AriaRole.Link).First).ToHaveAttributeAsync("aria-current", "true");
        Assert.True(await facets.GetByRole(AriaRole.Link).CountAsync() > 1, "There are no facets per type.");

        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("search-faellesskaber");
    }

    [Fact]
    public async Task A_town_name_without_danish_letters_finds_its_events()
    {
        await OpenAsync("/");
        await SearchFromHeaderAsync("rodovre");

        await Expect(Page.Locator("#soegeresultater")).ToHaveTextAsync(new Regex(@"^\d+ resultat(er)? for »rodovre«$"));
        var events = Page.Locator("ol.hits > li.hit").Filter(new() { Has = Page.Locator(".hit__type", new() { HasText = "Arrangement" }) });
        Assert.True(await events.CountAsync() > 0, "Searching \"rodovre\" found no events, though the demo data has several in Rødovre.");
        await Expect(events.First.Locator(".hit__title a")).ToHaveAttributeAsync("href", new Regex("^/arrangementer/"));
        await Expect(Page.Locator(".hit__snippet mark").GetByText("Rødovre", new() { Exact = true }).First).ToBeVisibleAsync();

        var facet = Page.GetByRole(AriaRole.Navigation, new() { Name = "Vis kun" }).GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Arrangementer \(\d+\)$") });
        await Expect(facet).ToHaveCountAsync(1);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("search-rodovre");
    }

    [Fact]
    public async Task A_hostile_query_is_shown_as_text_and_runs_no_script()
    {
        const string hostile = "\"<script>alert(1)</script>";
        var dialogs = new List<string>();
        Page.Dialog += async (_, dialog) =>
        {
            dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };

        await OpenAsync("/");
        await SearchFromHeaderAsync(hostile);

        Assert.Equal(hostile, Page.Query().GetValueOrDefault("q"));
        await Expect(Page.Locator("#soegeresultater")).ToHaveTextAsync(new Regex($@"^(Ingen resultater|\d+ resultat(er)?) for »{Regex.Escape(hostile)}«$"));
        await Expect(Page.Locator("#search-q")).ToHaveValueAsync(hostile);
        await Expect(Page).ToHaveTitleAsync(new Regex(Regex.Escape("<script>alert(1)</script>")));
        await Expect(Page.Locator("main script")).ToHaveCountAsync(0);
        await Expect(Page.Locator("head script:not([src]):not([type='application/ld+json'])")).ToHaveCountAsync(0);

        // Give a script that slipped through a moment to open its dialog.
        await Page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("search-hostile");
    }

    /// <summary>Types into the search field in the header and presses Enter, as a visitor would.</summary>
    private async Task SearchFromHeaderAsync(string text)
    {
        var field = Page.GetByRole(AriaRole.Search).First.GetByRole(AriaRole.Searchbox, new() { Name = "Søg på sitet" });
        await field.FillAsync(text);
        var response = await Page.RunAndWaitForResponseAsync(
            () => field.PressAsync("Enter"),
            r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame);
        await Page.WaitForLoadStateAsync();
        Assert.Equal(200, response.Status);
        Assert.Equal("/soeg", new Uri(Page.Url).AbsolutePath);
    }
}
