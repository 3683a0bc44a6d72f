using System.Text.RegularExpressions;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

public sealed partial class BackOfficeJourneyTests
{
    /// <summary>
    /// The Rødovre partnership page of the starter site in the editor: its members are rows of labelled fields (never
    /// JSON), a member is added in the empty row and another row is added without JavaScript, and the page saves.
    /// </summary>
    [Fact]
    public async Task An_editor_adds_a_member_to_the_Roedovre_partnership_page()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Pia Redaktør");
        await Page.GotoAsync("/redaktion/indhold");
        await ClickAndWaitForUrlAsync(Page, Page.Locator("table.content-tree").GetByRole(AriaRole.Link, new() { Name = "Rødovre", Exact = true }), EditUrl());
        var members = Block(Page, 4, "Medlemmer");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 1", Exact = true }).GetByLabel("Navn", new() { Exact = true })).ToHaveValueAsync("Rødovre Kommune");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 1", Exact = true }).GetByLabel("Type", new() { Exact = true })).ToHaveValueAsync("Kommune");
        await Page.AssertAccessibleAsync();

        var blank = members.GetByRole(AriaRole.Group, new() { Name = "Medlem 2 (ny)", Exact = true });
        await blank.GetByLabel("Navn", new() { Exact = true }).FillAsync("Rødovre Frivilligcenter");
        await blank.GetByLabel("Type", new() { Exact = true }).FillAsync("Frivilligcenter");
        await blank.GetByLabel("Hjemmeside", new() { Exact = true }).FillAsync("https://frivillig.example");
        await SubmitAsync(Page, members.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Tilføj en række mere") }));
        members = Block(Page, 4, "Medlemmer");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 2", Exact = true }).GetByLabel("Navn", new() { Exact = true })).ToHaveValueAsync("Rødovre Frivilligcenter");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 4 (ny)", Exact = true })).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();
        await members.ScreenshotAsync(new() { Path = Artifacts.Screenshot("back-office-partnership-members") });

        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" }));
        await Expect(Notice(Page)).ToContainTextAsync("Kladden er gemt.");
        members = Block(Page, 4, "Medlemmer");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 2", Exact = true }).GetByLabel("Hjemmeside", new() { Exact = true })).ToHaveValueAsync("https://frivillig.example");
        await Expect(members.GetByRole(AriaRole.Group, new() { Name = "Medlem 3 (ny)", Exact = true })).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();
    }

    /// <summary>The newsletter composer uses the same block editor: a downloads block is a list of files edited as rows.</summary>
    [Fact]
    public async Task An_editor_composes_a_newsletter_with_a_list_of_downloads()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Nina Redaktør");
        await Page.GotoAsync("/redaktion/nyhedsbrev");
        await Page.GetByLabel("Emnelinje for et nyt nyhedsbrev").FillAsync($"Materialer til uge 40 {Word()}");
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret kladde" }), new Regex("/redaktion/nyhedsbrev/[0-9a-f-]{36}$"));
        await Expect(Page.GetByLabel("Tilføj en blok").Locator("option[value=members]")).ToHaveCountAsync(0);

        await AddBlockAsync(Page, "Downloads", 1);
        var downloads = Block(Page, 1, "Downloads");
        await downloads.GetByLabel("Overskrift", new() { Exact = true }).FillAsync("Materialer");
        var file = downloads.GetByRole(AriaRole.Group, new() { Name = "Fil 1 (ny)", Exact = true });
        await file.GetByLabel("Titel", new() { Exact = true }).FillAsync("Plakat til uge 40");
        await file.GetByLabel("Fil", new() { Exact = true }).FillAsync("/media/plakat.pdf");
        await file.GetByLabel("Filtype", new() { Exact = true }).FillAsync("PDF");
        // Enter in a field saves, rather than pressing the first button of a block or a row.
        var typed = file.GetByLabel("Filtype", new() { Exact = true });
        await Page.RunAndWaitForResponseAsync(() => typed.PressAsync("Enter"), r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame && r.Status is < 300 or >= 400);
        await Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(Notice(Page)).ToHaveTextAsync("Nyhedsbrevet er gemt.");
        downloads = Block(Page, 1, "Downloads");
        await Expect(downloads.GetByRole(AriaRole.Group, new() { Name = "Fil 1", Exact = true }).GetByLabel("Titel", new() { Exact = true })).ToHaveValueAsync("Plakat til uge 40");
        await Page.AssertAccessibleAsync();
        await downloads.ScreenshotAsync(new() { Path = Artifacts.Screenshot("back-office-newsletter-downloads") });
    }
}
