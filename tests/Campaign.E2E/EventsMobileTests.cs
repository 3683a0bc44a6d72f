using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>The event calendar at 320 CSS pixels, the narrowest screen WCAG 2.1 reflow asks for.</summary>
public sealed class EventsMobileTests(SiteFixture site) : BrowserTest(site)
{
    private const int Width = 320;

    protected override ViewportSize Viewport => new() { Width = Width, Height = 800 };

    [Fact]
    public async Task The_event_listing_fits_320_pixels_and_is_accessible_there()
    {
        var response = await OpenAsync("/arrangementer");
        Assert.Equal(200, response.Status);
        await Expect(Page.Locator("h1")).ToBeVisibleAsync();
        await Expect(Page.Locator(".event-list > .event-card").First).ToBeVisibleAsync();

        await Page.AssertNoHorizontalScrollingAsync(Width);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("events-320");
        Assert.True(File.Exists(Artifacts.Screenshot("events-320")));
    }

    [Fact]
    public async Task A_municipality_listing_with_its_embed_code_and_an_event_page_fit_320_pixels()
    {
        // The filtered listing adds the embed snippet (a textarea with a long URL).
        await OpenAsync("/arrangementer?kommune=roedovre");
        await Expect(Page.Locator("#embed-code")).ToBeVisibleAsync();
        await Page.AssertNoHorizontalScrollingAsync(Width);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("events-roedovre-320");

        var response = await FollowAsync(Page.Locator(".event-card__title a").First);
        Assert.Equal(200, response.Status);
        await Expect(Page.Locator(".event-facts")).ToBeVisibleAsync();
        await Page.AssertNoHorizontalScrollingAsync(Width);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("event-page-320");
    }
}
