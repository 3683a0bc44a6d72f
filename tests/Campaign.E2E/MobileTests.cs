using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>The narrowest screen WCAG 2.1 reflow asks for: 320 CSS pixels.</summary>
public sealed class MobileTests(SiteFixture site) : BrowserTest(site)
{
    private const int Width = 320;

    protected override ViewportSize Viewport => new() { Width = Width, Height = 800 };

    [Fact]
    public async Task The_menu_folds_behind_a_button_that_works_with_the_keyboard()
    {
        await OpenAsync("/");
        var toggle = Page.Locator(".main-nav__toggle");
        var list = Page.Locator("ul#hovedmenu");

        await Expect(toggle).ToBeVisibleAsync();
        await Expect(toggle).ToHaveAccessibleNameAsync("Menu");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(toggle).ToHaveAttributeAsync("aria-controls", "hovedmenu");
        await Expect(list).ToBeHiddenAsync();
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "Om kampagnen" })).ToBeHiddenAsync();
        await Page.AssertAccessibleAsync();
        await AssertNoHorizontalScrollingAsync();

        // Skip link, logo, search field and search button come first.
        for (var i = 0; i < 5 && !await IsFocusedAsync(toggle); i++)
        {
            await Page.Keyboard.PressAsync("Tab");
        }

        await Expect(toggle).ToBeFocusedAsync();

        await Page.Keyboard.PressAsync("Enter");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(list).ToBeVisibleAsync();
        foreach (var link in await list.Locator("a").AllAsync())
        {
            await Expect(link).ToBeVisibleAsync();
        }

        await Page.AssertAccessibleAsync();
        await AssertNoHorizontalScrollingAsync();
        await ScreenshotAsync("mobile-menu-open", fullPage: false);

        await Page.Keyboard.PressAsync("Escape");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(list).ToBeHiddenAsync();
        await Expect(toggle).ToBeFocusedAsync();
        await ScreenshotAsync("mobile-menu-closed", fullPage: false);
    }

    [Fact]
    public async Task The_home_page_fits_320_pixels_and_is_saved_as_a_screenshot()
    {
        var response = await OpenAsync("/");
        Assert.Equal(200, response.Status);
        await Expect(Page.Locator("h1")).ToBeVisibleAsync();

        await Page.AssertAccessibleAsync();
        await AssertNoHorizontalScrollingAsync();
        await ScreenshotAsync("home-320");
        Assert.True(File.Exists(Artifacts.Screenshot("home-320")));
    }

    [Fact]
    public async Task Every_menu_page_fits_320_pixels_and_is_accessible_there()
    {
        await OpenAsync("/");
        var paths = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('nav[aria-label=Hovedmenu] a, nav[aria-label=Sidefod] a')].map(a => a.getAttribute('href'))");
        Assert.NotEmpty(paths);

        foreach (var path in paths)
        {
            var response = await OpenAsync(path);
            Assert.True(response.Status == 200, $"{path} answered {response.Status}.");
            await AssertNoHorizontalScrollingAsync();
            await Page.AssertAccessibleAsync();
        }

        await ScreenshotAsync("pages-320-end");
    }

    private Task AssertNoHorizontalScrollingAsync() => Page.AssertNoHorizontalScrollingAsync(Width);
}
