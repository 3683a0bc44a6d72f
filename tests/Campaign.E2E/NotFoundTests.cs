using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

public sealed class NotFoundTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task An_unknown_address_answers_404_with_a_Danish_page_that_offers_a_way_on()
    {
        var response = await OpenAsync("/findes-ikke");

        Assert.Equal(404, response.Status);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Siden findes ikke");
        await Expect(Page.Locator("main")).ToContainTextAsync("Vi kan ikke finde den side, du leder efter.");
        await Expect(Page.Locator("main a[href='/']")).ToHaveTextAsync("Forsiden");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("not-found");
    }
}
