using System.Text.RegularExpressions;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// "Log ud" in the back office and in the association portal ends the session in the browser: afterwards both
/// /redaktion and /forening ask for sign-in again.
/// </summary>
public sealed class SignOutTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task A_staff_member_signs_out_and_the_back_office_asks_for_sign_in_again()
    {
        var email = await Site.CreateStaffAsync(Roles.Editor, "Sofie Redaktør");
        await Page.GotoAsync("/redaktion/log-ind");
        await Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }), new Regex("/redaktion/totp$"));
        var key = await Page.Locator(".totp-key").InnerTextAsync();
        await Page.GetByLabel("Kode fra appen").FillAsync(Totp.Code(key));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Slå to-trins-login til" }).ClickAsync();
        await Expect(Page.Locator(".notice[role=status]")).ToContainTextAsync("To-trins-login er slået til.");
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Link, new() { Name = "Gå til redaktionen" }), new Regex("/redaktion$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Redaktionen");

        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }), new Regex("/redaktion/log-ind$"));

        await Expect(Page.Locator("h1")).ToHaveTextAsync("Log ind på redaktionen");
        await AssertAsksForSignInAsync("/redaktion", "/redaktion/log-ind", "Log ind på redaktionen");
        await AssertAsksForSignInAsync("/redaktion/indhold", "/redaktion/log-ind", "Log ind på redaktionen");
        await AssertAsksForSignInAsync("/forening", "/forening/log-ind", "Log ind for foreninger");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("sign-out-staff");
    }

    [Fact]
    public async Task An_association_member_signs_out_and_the_portal_asks_for_sign_in_again()
    {
        var email = await Site.CreateMemberAsync("Strikkeklubben Log Ud");
        await Page.GotoAsync("/forening/log-ind");
        await Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }), new Regex("/forening$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Strikkeklubben Log Ud");

        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }), new Regex("^" + Regex.Escape(Site.BaseUrl) + "/$"));

        await AssertAsksForSignInAsync("/forening", "/forening/log-ind", "Log ind for foreninger");
        await AssertAsksForSignInAsync("/forening/arrangement", "/forening/log-ind", "Log ind for foreninger");
        await AssertAsksForSignInAsync("/redaktion", "/redaktion/log-ind", "Log ind på redaktionen");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("sign-out-member");
    }

    /// <summary>Opening a signed-in page lands on the sign-in page, with the way back in the address.</summary>
    private async Task AssertAsksForSignInAsync(string path, string signIn, string heading)
    {
        var response = await Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        var landed = new Uri(Page.Url);
        Assert.Equal(signIn, landed.AbsolutePath);
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(path), landed.Query, StringComparison.Ordinal);
        await Expect(Page.Locator("h1")).ToHaveTextAsync(heading);
    }

    /// <summary>Clicks (a link or a form's button) and waits until the page it leads to, after any redirect, has loaded.</summary>
    private async Task ClickAndWaitForUrlAsync(ILocator target, Regex url)
    {
        var response = await Page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame && r.Status is < 300 or >= 400);
        Assert.True(response.Status < 400, $"{response.Request.Method} {response.Url} answered {response.Status}.");
        await Page.WaitForURLAsync(url);
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }
}
