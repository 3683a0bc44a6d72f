using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

public sealed class KeyboardTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task The_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content()
    {
        await OpenAsync("/");

        await Page.Keyboard.PressAsync("Tab");
        var skip = Page.Locator("a.skip-link");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToHaveTextAsync("Gå til indhold");
        await Expect(skip).ToBeInViewportAsync();

        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main#indhold")).ToBeFocusedAsync();
        Assert.Equal("indhold", await ActiveElementIdAsync());

        // The next Tab continues inside the main content: the header was skipped.
        await Page.Keyboard.PressAsync("Tab");
        Assert.True(
            await Page.EvaluateAsync<bool>("() => document.activeElement?.closest('main#indhold') !== null"),
            "After the skip link, Tab left the main content: " + await Page.EvaluateAsync<string>("() => document.activeElement?.outerHTML ?? ''"));

        await ScreenshotAsync("keyboard-skip-link", fullPage: false);
    }

    [Fact]
    public async Task Tab_reaches_the_first_main_menu_link_after_the_skip_link_the_logo_and_the_search()
    {
        await OpenAsync("/");
        var first = Page.Locator("nav[aria-label=Hovedmenu] a").First;

        // The name of each stop: a field's label, otherwise its text.
        var stops = new List<string>();
        for (var i = 0; i < 5 && !await IsFocusedAsync(first); i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            stops.Add(await Page.EvaluateAsync<string>("() => { const el = document.activeElement; return ((el?.labels?.[0] ?? el)?.textContent ?? '').trim(); }"));
        }

        Assert.True(await IsFocusedAsync(first), "Five presses of Tab did not reach the first menu link; they reached: " + string.Join(" → ", stops));
        Assert.Equal(["Gå til indhold", "Tal om ensomhed", "Søg på sitet", "Søg", "Arrangementer"], stops);
        await ScreenshotAsync("keyboard-main-menu", fullPage: false);
    }
}
