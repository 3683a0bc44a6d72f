using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// An editor schedules a draft that may not go live (its introduction is empty). When the time comes the site stays
/// up, and the editor finds the failure, with the reason in Danish, on the dashboard and on the page. This used to
/// stop the whole application. The fixture lets the scheduler look every second (Scheduling:PollInterval).
/// </summary>
public sealed partial class ScheduledFailureTests(SiteFixture site) : BrowserTest(site)
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    [Fact]
    public async Task A_scheduled_publish_of_an_invalid_draft_is_shown_on_the_dashboard_while_the_site_stays_up()
    {
        var name = $"Planlagt uden indledning {Guid.NewGuid().ToString("N")[..6]}";
        var visitor = await NewPersonAsync();
        await SignInAsEditorAsync();

        // A new page under Forside: a draft with no introduction, which a draft may lack but a live page may not.
        await Page.GotoAsync("/redaktion/indhold");
        await Page.GetByLabel("Under siden").SelectOptionAsync(new SelectOptionValue { Label = "Forside" });
        await Page.GetByLabel("Sidetype").SelectOptionAsync(new SelectOptionValue { Label = "Side" });
        await Page.GetByLabel("Sidens navn").FillAsync(name);
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Opret side" }), EditUrl());
        var editPath = new Uri(Page.Url).AbsolutePath;

        // Planned for the next whole minute + 1, Copenhagen time.
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60).AddMinutes(2);
        var local = TimeZoneInfo.ConvertTime(at, Copenhagen);
        await Page.GetByLabel("Dato", new() { Exact = true }).FillAsync(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.GetByLabel("Klokken", new() { Exact = true }).FillAsync(local.ToString("HH:mm", CultureInfo.InvariantCulture));
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Planlæg udgivelse" }), new Regex(Regex.Escape(editPath) + "$"));
        await Expect(Page.Locator(".notice[role=status]")).ToContainTextAsync("Udgivelse er planlagt");

        // The dashboard, reloaded until the time has passed and the scheduler has tried.
        var failures = Page.GetByRole(AriaRole.Region, new() { Name = "Planlagt, men ikke gennemført" });
        var deadline = at.AddMinutes(1);
        do
        {
            await Page.GotoAsync("/redaktion");
            if (await failures.CountAsync() > 0 && (await failures.InnerTextAsync()).Contains(name, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(2000);
        }
        while (DateTimeOffset.UtcNow < deadline);

        var item = failures.Locator(".portal-item", new() { HasText = name });
        await Expect(item).ToContainTextAsync("blev ikke udgivet");
        await Expect(item).ToContainTextAsync("Siden kan ikke udgives: Udfyld feltet \"Indledning\".");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-scheduled-failure-dashboard");

        // The site is up: the home page and /health answer, and the page did not go live.
        Assert.Equal(200, (await visitor.GotoAsync("/"))!.Status);
        Assert.Equal(200, (await visitor.APIRequest.GetAsync("/health")).Status);
        Assert.Equal(404, (await visitor.APIRequest.GetAsync("/planlagt-uden-indledning-" + name[^6..])).Status);

        // On the page itself, the plan is marked as failed with the reason.
        await ClickAndWaitForUrlAsync(item.GetByRole(AriaRole.Link, new() { Name = name }), new Regex(Regex.Escape(editPath) + "$"));
        var planned = Page.Locator(".schedule .portal-item");
        await Expect(planned).ToContainTextAsync("Planlagt udgivelse mislykkedes");
        await Expect(planned).ToContainTextAsync("Udfyld feltet \"Indledning\"");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-scheduled-failure-page");

        // "Set" takes it off the dashboard.
        await Page.GotoAsync("/redaktion");
        await ClickAndWaitForUrlAsync(failures.Locator(".portal-item", new() { HasText = name }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Set") }), new Regex("/redaktion$"));
        await Expect(Page.Locator(".notice[role=status]")).ToHaveTextAsync("Fejlen er fjernet fra oversigten.");
        await Expect(failures.Locator(".portal-item", new() { HasText = name })).ToHaveCountAsync(0);
    }

    /// <summary>A new editor's first sign-in: password, authenticator enrolment, then the dashboard.</summary>
    private async Task SignInAsEditorAsync()
    {
        var email = await Site.CreateStaffAsync(Roles.Editor, "Sanne Redaktør");
        await Page.GotoAsync("/redaktion/log-ind");
        await Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }), new Regex("/redaktion/totp$"));
        var key = await Page.Locator(".totp-key").InnerTextAsync();
        await Page.GetByLabel("Kode fra appen").FillAsync(Totp.Code(key));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Slå to-trins-login til" }).ClickAsync();
        await Expect(Page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await ClickAndWaitForUrlAsync(Page.GetByRole(AriaRole.Link, new() { Name = "Gå til redaktionen" }), new Regex("/redaktion$"));
    }

    private async Task ClickAndWaitForUrlAsync(ILocator target, Regex url)
    {
        await Page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame && r.Status is < 300 or >= 400);
        await Page.WaitForURLAsync(url);
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    [GeneratedRegex(@"/redaktion/indhold/[0-9a-f-]{36}$")]
    private static partial Regex EditUrl();
}
