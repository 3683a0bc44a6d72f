using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>What only the production set-up shows: HTTPS with HSTS, `__Host-` cookies, and the error page instead of a stack trace.</summary>
public sealed class ProductionTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task A_failure_in_a_page_shows_the_Danish_error_page_without_a_stack_trace()
    {
        var response = await OpenAsync($"/?{SiteFixture.FailParameter}={Guid.NewGuid():N}");
        // The failure is in the log for the operator, and only there; it is taken so the test's own check stays strict.
        var logged = Site.Errors.Take();

        Assert.Contains(logged, entry => entry.Contains(SiteFixture.FailMessage, StringComparison.Ordinal));
        Assert.Equal(500, response.Status);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Der skete en fejl hos os");
        await Expect(Page.Locator("main")).ToContainTextAsync("Beklager, noget gik galt hos os.");
        await Expect(Page.Locator("main a[href='/']")).ToHaveTextAsync("Gå til forsiden");
        var html = await Page.ContentAsync();
        Assert.DoesNotContain(SiteFixture.FailMessage, html, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), html, StringComparison.Ordinal);
        Assert.DoesNotContain("SiteFixture", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.]+\(", html);
        Assert.StartsWith("max-age=", (await response.AllHeadersAsync())["strict-transport-security"], StringComparison.Ordinal);
        Assert.Contains("no-store", (await response.AllHeadersAsync())["cache-control"], StringComparison.Ordinal);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("error-500");
    }

    [Fact]
    public async Task Pages_come_over_https_with_hsts_and_cookies_are_secure_host_only()
    {
        var home = await OpenAsync("/");

        Assert.Equal(200, home.Status);
        Assert.StartsWith("https://", Page.Url, StringComparison.Ordinal);
        var hsts = (await home.AllHeadersAsync())["strict-transport-security"];
        Assert.Matches(@"^max-age=\d{7,}", hsts);
        Assert.Empty(await Context.CookiesAsync());

        // The sign-in form sets the antiforgery cookie: a __Host- cookie, so Secure, for this host only and for the whole site.
        Assert.Equal(200, (await OpenAsync("/forening/log-ind")).Status);
        var cookies = await Context.CookiesAsync();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie =>
        {
            Assert.StartsWith("__Host-", cookie.Name, StringComparison.Ordinal);
            Assert.True(cookie.Secure, $"{cookie.Name} is not Secure.");
            Assert.True(cookie.HttpOnly, $"{cookie.Name} is readable by scripts.");
            Assert.Equal("/", cookie.Path);
            Assert.Equal("127.0.0.1", cookie.Domain);
        });
        Assert.Contains(cookies, cookie => cookie.Name == "__Host-campaign-af");
    }
}
