using System.Text.RegularExpressions;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// The back office's shell in the browser: the tree and sorting by keyboard, two editors on one page, a preview link
/// for a colleague that runs out, and an editor's own event from creation to cancellation; at 1280 and 768 px.
/// </summary>
public sealed partial class BackOfficeJourneyTests
{
    [Fact]
    public async Task An_editor_sorts_and_moves_pages_in_the_tree_by_keyboard()
    {
        var word = Word();
        await StaffSignInAsync(Page, Roles.Editor, "Karin Redaktør");
        var theme = await CreatePageAsync(Page, "Forside", $"Tema {word}");
        var first = await CreatePageAsync(Page, "Forside", $"Første {word}");
        var second = await CreatePageAsync(Page, "Forside", $"Anden {word}");

        // Sections: Indhold is the current one; the public header and footer are not there.
        await Page.GotoAsync("/redaktion/indhold");
        await Expect(Page.Locator(".bo-sections a[aria-current]")).ToHaveTextAsync("Indhold");
        await Expect(Page.Locator(".site-footer")).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();

        // "Ned" on the first: the two swap places.
        var rows = Page.Locator("table.content-tree tbody tr");
        var order = async () => (await rows.AllInnerTextsAsync()).Select(t => t.Split('\n')[0].Trim()).Where(t => t.EndsWith(word, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"Tema {word}", $"Første {word}", $"Anden {word}"], await order());
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Ned (Første {word})" }).FocusAsync();
        await PressAndWaitForUrlAsync(Page, "Enter", new Regex("/redaktion/indhold"));
        await Expect(Notice(Page)).ToHaveTextAsync($"\"Første {word}\" er flyttet ned.");
        Assert.Equal([$"Tema {word}", $"Anden {word}", $"Første {word}"], await order());
        await Page.AssertAccessibleAsync();

        // "Flyt" on the second: under the theme page, first among its children, by keyboard only.
        await Page.GetByRole(AriaRole.Link, new() { Name = $"Flyt (Anden {word})" }).FocusAsync();
        await PressAndWaitForUrlAsync(Page, "Enter", new Regex($"/redaktion/indhold/{second}/flyt$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Flyt “Anden {word}”");
        await Page.AssertAccessibleAsync();
        await Page.GetByLabel($"Tema {word}", new() { Exact = true }).FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(Page.GetByLabel($"Tema {word}", new() { Exact = true })).ToBeCheckedAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Flyt siden" }).FocusAsync();
        await PressAndWaitForUrlAsync(Page, "Enter", new Regex($"/redaktion/indhold/{second}$"));
        await Expect(Notice(Page)).ToContainTextAsync($"\"Anden {word}\" er flyttet.");

        // The tree shows it under the theme, open on the way there, and the breadcrumbs follow the tree.
        var current = Page.Locator(".bo-tree a[aria-current=page]");
        await Expect(current).ToHaveTextAsync(new Regex($"^Anden {word}"));
        await Expect(Page.Locator($".bo-tree__item[data-id='{theme}'] .bo-tree__item[data-id='{second}']")).ToHaveCountAsync(1);
        await Expect(Page.Locator(".bo-crumbs li")).ToHaveTextAsync(["Indhold", "Forside", $"Tema {word}", $"Anden {word}"]);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-shell-1280");

        // A closed page in the tree opens on demand.
        await Page.GotoAsync($"/redaktion/indhold/{first}");
        var toggle = Page.Locator($".bo-tree__item[data-id='{theme}'] > .bo-tree__row .bo-tree__twisty");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(Page.Locator($".bo-tree__item[data-id='{theme}'] a[href='/redaktion/indhold/{second}']")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();

        // 768 px: the tree folds behind a button, the editor keeps the width.
        await Page.SetViewportSizeAsync(768, 1024);
        var treeButton = Page.GetByRole(AriaRole.Button, new() { Name = "Indholdstræ" });
        await Expect(treeButton).ToBeVisibleAsync();
        await Expect(Page.Locator("#bo-tree")).ToBeHiddenAsync();
        await Page.AssertNoHorizontalScrollingAsync(768);
        await ScreenshotAsync("back-office-shell-768");
        await treeButton.ClickAsync();
        await Expect(Page.Locator("#bo-tree")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-shell-768-tree-open");
    }

    [Fact]
    public async Task Two_editors_on_one_page_see_that_the_other_is_there()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Anne Redaktør");
        var page = await CreatePageAsync(Page, "Forside", $"Fælles side {Word()}");
        await Expect(Page.Locator(".bo-presence")).ToBeHiddenAsync();

        var colleague = await NewPersonAsync();
        await StaffSignInAsync(colleague, Roles.Editor, "Bo Redaktør");
        await colleague.GotoAsync($"/redaktion/indhold/{page}");
        await Expect(colleague.Locator(".bo-presence")).ToHaveTextAsync("Obs: Anne Redaktør redigerer også denne side lige nu. Tal sammen, før I gemmer, så ingen af jer mister ændringer.");
        await colleague.AssertAccessibleAsync();

        // The first editor learns it from the next heartbeat, without reloading.
        await Expect(Page.Locator(".bo-presence")).ToHaveTextAsync(new Regex("Bo Redaktør redigerer også denne side"), new() { Timeout = 30_000 });
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-presence");

        // When the colleague leaves, the notice goes with the next heartbeat.
        await colleague.GotoAsync("/redaktion");
        await Expect(Page.Locator(".bo-presence")).ToBeHiddenAsync(new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_colleague_without_an_account_sees_the_draft_by_link_and_is_refused_once_it_has_expired()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Lise Redaktør");
        var name = $"Til faglig læsning {Word()}";
        var page = await CreatePageAsync(Page, "Forside", name);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Lav et delelink" }));
        await Expect(Notice(Page)).ToContainTextAsync("Linket er lavet.");
        var link = await Page.Locator("input.share-link").First.InputValueAsync();
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-share-link");

        var colleague = await NewPersonAsync();
        var shown = await colleague.GotoAsync(link);
        Assert.Equal(200, shown!.Status);
        await Expect(colleague.Locator("h1")).ToHaveTextAsync(name);
        await Expect(colleague.GetByRole(AriaRole.Region, new() { Name = "Forhåndsvisning" })).ToContainTextAsync("Forhåndsvisning af en kladde");
        await colleague.AssertAccessibleAsync();

        await Site.ExpirePreviewLinksAsync(page);
        var expired = await colleague.GotoAsync(link);
        Assert.Equal(410, expired!.Status);
        await Expect(colleague.Locator("h1")).ToHaveTextAsync("Linket er udløbet");
        await Expect(colleague.Locator("body")).Not.ToContainTextAsync(name);
        await colleague.AssertAccessibleAsync();
        await ScreenshotAsync(colleague, "preview-link-expired");

        var tampered = await colleague.GotoAsync(link[..^3] + (link[^3] == 'x' ? "yyy" : "xxx"));
        Assert.Equal(404, tampered!.Status);
        await Expect(colleague.Locator("h1")).ToHaveTextAsync("Linket virker ikke");
    }

    [Fact]
    public async Task An_editor_creates_an_event_that_is_live_at_once_and_cancels_it()
    {
        var title = $"Den store march {Word()}";
        await StaffSignInAsync(Page, Roles.Editor, "Emil Redaktør");
        await ClickAndWaitForUrlAsync(Page, Page.Locator(".bo-sections").GetByRole(AriaRole.Link, new() { Name = "Arrangementer" }), new Regex("/redaktion/arrangementer$"));
        await Expect(Page.Locator(".bo-sections a[aria-current=page]")).ToHaveTextAsync("Arrangementer");
        await Page.AssertAccessibleAsync();
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Link, new() { Name = "Opret arrangement" }), new Regex("/redaktion/arrangementer/ny$"));
        await Page.AssertAccessibleAsync();

        var date = PageChecks.TodayInCopenhagen().AddDays(14);
        await Page.GetByLabel(new Regex("^Titel")).FillAsync(title);
        await Page.GetByLabel(new Regex("^Beskrivelse")).FillAsync("Vi går sammen gennem byen mod ensomhed.");
        await Page.GetByLabel(new Regex("^Dato")).FillAsync(PageChecks.Iso(date));
        await Page.GetByLabel("Starter kl.", new() { Exact = true }).FillAsync("14:00");
        await Page.GetByLabel("Slutter kl.", new() { Exact = true }).FillAsync("16:00");
        await Page.GetByLabel("Stedets navn", new() { Exact = true }).FillAsync("Rådhuspladsen");
        await Page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("Rådhuspladsen 1");
        await Page.GetByLabel("Postnummer", new() { Exact = true }).FillAsync("1550");
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret og offentliggør" }), new Regex("/redaktion/arrangementer/[0-9a-f-]{36}$"));
        await Expect(Notice(Page)).ToHaveTextAsync("Arrangementet er gemt og vises i kalenderen.");
        await Expect(Page.Locator(".page-header__meta")).ToContainTextAsync("Offentliggjort");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-event-created");

        var visitor = await NewPersonAsync();
        var slug = await Page.GetByRole(AriaRole.Link, new() { Name = "Se arrangementet" }).GetAttributeAsync("href");
        Assert.Equal(200, (await visitor.GotoAsync(slug!))!.Status);
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(title);

        await Page.GetByLabel(new Regex("^Besked til deltagerne")).FillAsync("Aflyst på grund af storm.");
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Aflys arrangementet" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Arrangementet er aflyst. Kalenderen viser det som aflyst med din besked.");
        await Expect(Page.Locator(".page-header__meta")).ToContainTextAsync("Aflyst");
        await Page.AssertAccessibleAsync();

        await visitor.GotoAsync(slug!);
        await Expect(visitor.Locator("body")).ToContainTextAsync("Aflyst på grund af storm.");

        await Page.GotoAsync("/redaktion/arrangementer?status=aflyst");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-events-1280");
        await Page.SetViewportSizeAsync(768, 1024);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-events-768");
    }

    /// <summary>Creates a page of type Side under <paramref name="parent"/> with the create dialog; returns its id, with its editor open.</summary>
    private static async Task<Guid> CreatePageAsync(IPage page, string parent, string name)
    {
        await page.GotoAsync("/redaktion/indhold");
        await page.GetByLabel("Under siden").SelectOptionAsync(new SelectOptionValue { Label = parent });
        await page.GetByLabel("Sidetype").SelectOptionAsync(new SelectOptionValue { Label = "Side" });
        await page.GetByLabel("Sidens navn").FillAsync(name);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Opret side" }), EditUrl());
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);
        return Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);
    }

    /// <summary>Presses a key on the focused element and waits for the page it leads to.</summary>
    private static async Task PressAndWaitForUrlAsync(IPage page, string key, Regex url)
    {
        await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync(key), r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForURLAsync(url);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
