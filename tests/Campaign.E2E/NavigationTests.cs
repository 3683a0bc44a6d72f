using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

public sealed class NavigationTests(SiteFixture site) : BrowserTest(site)
{
    private static readonly string[] MainMenu = ["Arrangementer", "Om kampagnen", "Hvad er ensomhed", "Viden og tal", "Få hjælp", "Om partnerskabet", "Lokale partnerskaber", "Nyheder"];
    private static readonly string[] FooterMenu = ["Nyhedsbrev", "Åbne data", "Tilgængelighedserklæring", "Privatlivspolitik", "Kontakt"];

    [Fact]
    public async Task Every_link_in_the_main_and_footer_menus_leads_to_an_accessible_page()
    {
        var home = await OpenAsync("/");
        Assert.Equal(200, home.Status);
        await Expect(Page).ToHaveTitleAsync("Tal om ensomhed");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "da");
        await Expect(Page.Locator("h1")).ToHaveCountAsync(1);
        await Expect(Menu("Hovedmenu").Locator("a")).ToHaveTextAsync(MainMenu);
        await Expect(Menu("Sidefod").Locator("a")).ToHaveTextAsync(FooterMenu);
        await Page.AssertAccessibleAsync();

        // Each page is reached by clicking its link in the menu of the page before, as a visitor would.
        foreach (var (menu, text) in MainMenu.Select(t => ("Hovedmenu", t)).Concat(FooterMenu.Select(t => ("Sidefod", t))))
        {
            var link = Menu(menu).GetByRole(AriaRole.Link, new() { Name = text, Exact = true });
            var response = await FollowAsync(link);
            Assert.True(response.Status == 200, $"\"{text}\" in {menu} answered {response.Status} at {response.Url}.");

            var h1 = Page.Locator("h1");
            await Expect(h1).ToHaveCountAsync(1);
            var heading = (await h1.InnerTextAsync()).Trim();
            Assert.False(string.IsNullOrEmpty(heading), $"The h1 of {Page.Url} is empty.");
            var title = await Page.TitleAsync();
            Assert.True(
                title.Contains(text, StringComparison.Ordinal) || title.Contains(heading, StringComparison.Ordinal),
                $"The title \"{title}\" of {Page.Url} names neither the link \"{text}\" nor the heading \"{heading}\".");

            await Page.AssertAccessibleAsync();
        }

        await ScreenshotAsync("navigation-end");
    }

    [Fact]
    public async Task Public_pages_set_no_cookie()
    {
        await OpenAsync("/");
        var paths = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('nav[aria-label=Hovedmenu] a, nav[aria-label=Sidefod] a')].map(a => a.getAttribute('href'))");
        Assert.NotEmpty(paths);

        foreach (var path in paths)
        {
            var response = await OpenAsync(path);
            Assert.True(response.Status == 200, $"{path} answered {response.Status}.");
        }

        await OpenAsync("/findes-ikke");

        var cookies = await Context.CookiesAsync();
        Assert.True(cookies.Count == 0, "Cookies were set: " + string.Join(", ", cookies.Select(c => $"{c.Name} (path {c.Path})")));
        await ScreenshotAsync("cookies-end");
    }

    private ILocator Menu(string label) => Page.Locator($"nav[aria-label='{label}']");
}
