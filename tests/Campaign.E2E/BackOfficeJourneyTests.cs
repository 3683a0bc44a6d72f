using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Web.Features.Accounts;
using Microsoft.Playwright;
using NetVips;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// The back office in the browser, used the way an editor who knows Umbraco uses it: sign in with a password and an
/// authenticator app, create a page in the tree, fill its properties and blocks (with an image from the media library),
/// save a draft, preview it, schedule it, publish, compare versions and roll back, rename it and follow the 301.
/// axe-core (WCAG 2.1 A/AA) checks every back-office page visited.
/// </summary>
public sealed partial class BackOfficeJourneyTests(SiteFixture site) : BrowserTest(site)
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>A scheduled time lies at most two minutes ahead; the scheduler looks every second (Scheduling:PollInterval in the fixture).</summary>
    private static readonly TimeSpan ScheduleTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(15);

    private const string FirstIntro = "Mange voksne føler sig alene, selv med kolleger omkring sig. Her er, hvad en arbejdsplads kan gøre.";
    private const string SecondIntro = "Ensomhed stopper ikke ved stempeluret. Sådan taler I om det på jobbet.";

    [Fact]
    public async Task An_editor_creates_previews_schedules_publishes_compares_rolls_back_and_renames_a_page()
    {
        var word = Word();
        var name = $"Ensomhed på arbejdspladsen {word}";
        var url = $"/ensomhed-paa-arbejdspladsen-{word}";
        var newName = $"Ensomhed blandt kolleger {word}";
        var newUrl = $"/ensomhed-blandt-kolleger-{word}";
        var visitor = await NewPersonAsync();

        // 1. A new editor signs in: password, authenticator enrolment, recovery codes, the back office's front page.
        await StaffSignInAsync(Page, Roles.Editor, "Rikke Redaktør");
        await ScreenshotAsync("back-office-dashboard");

        // 2. An image in the media library, for the image block.
        var image = await UploadImageAsync(Page, "Kolleger spiser frokost sammen ved et langt bord");

        // 3. Content → create a page of type Side under Forside.
        await Page.GotoAsync("/redaktion");
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Link, new() { Name = "Rediger indhold" }), new Regex("/redaktion/indhold$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Indhold");
        await Page.AssertAccessibleAsync();
        await Page.GetByLabel("Under siden").SelectOptionAsync(new SelectOptionValue { Label = "Forside" });
        await Page.GetByLabel("Sidetype").SelectOptionAsync(new SelectOptionValue { Label = "Side" });
        await Page.GetByLabel("Sidens navn").FillAsync(name);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret side" }), EditUrl());
        var editPath = new Uri(Page.Url).AbsolutePath;
        await Expect(Page.Locator("h1")).ToHaveTextAsync(name);
        await Expect(Page.Locator(".page-header__meta")).ToContainTextAsync("Ikke udgivet");
        await Page.AssertAccessibleAsync();

        // 4. Properties and blocks: rich text, a key figure and a picked image; the image is moved above the key figure.
        await Intro(Page).FillAsync(FirstIntro);
        await AddBlockAsync(Page, "Tekst", 1);
        await WriteRichTextAsync(Page, Block(Page, 1, "Tekst"));
        await AddBlockAsync(Page, "Faktaboks", 2);
        var fact = Block(Page, 2, "Faktaboks");
        await fact.GetByLabel("Tal", new() { Exact = true }).FillAsync("380.000");
        await fact.GetByLabel("Hvad tallet viser").FillAsync("danskere lever i svær ensomhed");
        await AddBlockAsync(Page, "Billede", 3);
        var picture = Block(Page, 3, "Billede");
        await PickImageAsync(Page, picture, image);
        await picture.GetByLabel("Format").SelectOptionAsync(new SelectOptionValue { Label = "Sociale medier (1:1)" });
        await Expect(picture.Locator("img.media-field__thumb")).ToHaveAttributeAsync("src", image.CropSrc);
        await picture.GetByLabel("Billedtekst").FillAsync("Frokost i kantinen");
        await Expect(Block(Page, 1, "Tekst").GetByRole(AriaRole.Button, new() { Name = "Flyt op (blok 1)" })).ToBeDisabledAsync();

        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Flyt op (blok 3)" }));
        await Expect(Page.Locator(".block-editor__title")).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Billede", "Blok 3: Faktaboks"]);
        // A round trip keeps everything typed so far, the rich text and the picked image too.
        await Expect(Intro(Page)).ToHaveValueAsync(FirstIntro);
        await Expect(Block(Page, 1, "Tekst").Locator(".richtext__content h2")).ToHaveTextAsync("Tal om det i frokostpausen");
        await Expect(Block(Page, 2, "Billede").GetByLabel(new Regex("^Alternativ tekst"))).ToHaveValueAsync(image.Alt);
        await Expect(Block(Page, 2, "Billede").Locator("img.media-field__thumb")).ToHaveAttributeAsync("src", image.CropSrc);
        await Expect(Block(Page, 3, "Faktaboks").GetByLabel("Tal", new() { Exact = true })).ToHaveValueAsync("380.000");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-edit-blocks");

        // 5. Gem kladde: saved, and the public still gets 404.
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Kladden er gemt.");
        await Expect(Page.Locator(".block-editor__title")).ToHaveTextAsync(["Blok 1: Tekst", "Blok 2: Billede", "Blok 3: Faktaboks"]);
        await Page.AssertAccessibleAsync();
        Assert.Equal(404, (await visitor.APIRequest.GetAsync(url)).Status);
        var notFound = await visitor.GotoAsync(url);
        Assert.Equal(404, notFound!.Status);

        // 6. Preview: what is in the form, in the public template, in a new tab, under the preview banner, never indexed; nothing is saved.
        await Intro(Page).FillAsync(FirstIntro + " Kun i forhåndsvisningen.");
        var previewTab = await Page.RunAndWaitForPopupAsync(() => Page.GetByRole(AriaRole.Button, new() { Name = "Forhåndsvisning (åbner i en ny fane)" }).ClickAsync());
        await previewTab.WaitForLoadStateAsync(LoadState.Load);
        await Expect(previewTab.GetByRole(AriaRole.Region, new() { Name = "Forhåndsvisning" })).ToContainTextAsync("Intet er gemt endnu");
        await AssertPageContentAsync(previewTab, name, FirstIntro + " Kun i forhåndsvisningen.", image);
        await previewTab.AssertAccessibleAsync();
        await ScreenshotAsync(previewTab, "back-office-preview");
        await previewTab.CloseAsync();
        Assert.Equal(404, (await visitor.APIRequest.GetAsync(url)).Status);
        // The form is as it was before the preview; put the intro back, and saving finds nothing new: the preview stored nothing.
        await Intro(Page).FillAsync(FirstIntro);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Der var ingen ændringer at gemme.");

        // 7. Schedule publishing for the next whole minute + 1 (Copenhagen time) and wait until the page is live.
        var at = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60).AddMinutes(2);
        var local = TimeZoneInfo.ConvertTime(at, Copenhagen);
        await Page.GetByLabel("Dato", new() { Exact = true }).FillAsync(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.GetByLabel("Klokken", new() { Exact = true }).FillAsync(local.ToString("HH:mm", CultureInfo.InvariantCulture));
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Planlæg udgivelse" }));
        await Expect(Notice(Page)).ToHaveTextAsync(new Regex("^Udgivelse er planlagt til .* kl\\. " + Regex.Escape(local.ToString("HH.mm", CultureInfo.InvariantCulture)) + "\\.$"));
        var planned = Page.Locator(".schedule .portal-item");
        await Expect(planned).ToHaveCountAsync(1);
        await Expect(planned).ToContainTextAsync("Udgives");
        await Expect(planned).ToContainTextAsync("kl. " + local.ToString("HH.mm", CultureInfo.InvariantCulture));
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-scheduled");

        var live = await WaitUntilLiveAsync(visitor, url, at);
        Assert.True(live >= at.AddSeconds(-1), $"The page went live at {live:O}, before its time {at:O}.");
        var response = await visitor.GotoAsync(url);
        Assert.Equal(200, response!.Status);
        await AssertPageContentAsync(visitor, name, FirstIntro, image);
        await visitor.AssertAccessibleAsync();
        await ScreenshotAsync(visitor, "back-office-published-page");

        await Page.ReloadAsync();
        await Expect(Page.Locator(".page-header__meta")).ToContainTextAsync("Udgivet");
        await Expect(Page.Locator(".page-header__meta").GetByRole(AriaRole.Link, new() { Name = url, Exact = true })).ToHaveAttributeAsync("href", url);
        await Expect(planned).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();

        // 8. Edit the intro and publish at once.
        await Intro(Page).FillAsync(SecondIntro);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem og udgiv" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Siden er udgivet.");
        await Page.AssertAccessibleAsync();
        await visitor.GotoAsync(url);
        await Expect(visitor.Locator(".page-header .lead")).ToHaveTextAsync(SecondIntro);

        // 9. Versions: compare the last two, roll back to the earlier one and publish it again.
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Link, new() { Name = "Versioner" }), new Regex(Regex.Escape(editPath) + "/versioner$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync($"Versioner af {name}");
        await Page.AssertAccessibleAsync();
        var rows = Page.Locator("table.audit").First.Locator("tbody tr");
        Assert.True(await rows.CountAsync() >= 2, "The versions page lists fewer than two versions.");
        var newest = VersionNumber(await rows.Nth(0).Locator("td").First.InnerTextAsync());
        var earlier = VersionNumber(await rows.Nth(1).Locator("td").First.InnerTextAsync());
        await Expect(rows.Nth(0)).ToContainTextAsync("Udgivet");
        await Expect(rows.Nth(1)).ToContainTextAsync("Tidligere udgivet");
        await rows.Nth(1).GetByLabel(new System.Text.RegularExpressions.Regex("^Fra version \\d+$")).CheckAsync();
        await rows.Nth(0).GetByLabel(new System.Text.RegularExpressions.Regex("^Til version \\d+$")).CheckAsync();
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Sammenlign", Exact = true }), new Regex(@"/versioner\?"));
        Assert.Equal(earlier.ToString(CultureInfo.InvariantCulture), Page.Query()["a"]);
        Assert.Equal(newest.ToString(CultureInfo.InvariantCulture), Page.Query()["b"]);
        var differences = Page.GetByRole(AriaRole.Region, new() { Name = $"Forskelle fra version {earlier} til {newest}" });
        await Expect(differences).ToBeVisibleAsync();
        var introRow = differences.Locator("tbody tr").Filter(new() { Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = "Indledning" }) });
        await Expect(introRow.Locator("td")).ToHaveTextAsync([FirstIntro, SecondIntro]);
        await Expect(introRow.Locator("del").First).ToBeVisibleAsync();
        await Expect(introRow.Locator("ins").First).ToBeVisibleAsync();
        await Expect(differences.Locator("tbody tr")).ToHaveCountAsync(1);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-versions-compare");

        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = $"Gendan version {earlier}", Exact = true }), new Regex(Regex.Escape(editPath) + "$"));
        await Expect(Notice(Page)).ToHaveTextAsync($"Version {earlier} er gendannet som en ny kladde. Den offentlige side er uændret, indtil du udgiver.");
        await Expect(Intro(Page)).ToHaveValueAsync(FirstIntro);
        await Expect(Page.Locator(".page-header__meta")).ToContainTextAsync("kladden har ændringer, der ikke er udgivet");
        await Page.AssertAccessibleAsync();
        await visitor.GotoAsync(url);
        await Expect(visitor.Locator(".page-header .lead")).ToHaveTextAsync(SecondIntro);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem og udgiv" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Siden er udgivet.");
        await visitor.GotoAsync(url);
        await Expect(visitor.Locator(".page-header .lead")).ToHaveTextAsync(FirstIntro);
        await AssertPageContentAsync(visitor, name, FirstIntro, image);

        // 10. Rename and publish: the page moves, and its old address answers 301 to the new one.
        await Page.GetByLabel("Sidens navn").FillAsync(newName);
        await SubmitAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem og udgiv" }));
        await Expect(Notice(Page)).ToHaveTextAsync("Siden er udgivet.");
        await Expect(Page.Locator("h1")).ToHaveTextAsync(newName);
        await Expect(Page.Locator(".page-header__meta").GetByRole(AriaRole.Link, new() { Name = newUrl, Exact = true })).ToHaveAttributeAsync("href", newUrl);
        await Page.AssertAccessibleAsync();

        var moved = await visitor.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });
        Assert.Equal(301, moved.Status);
        Assert.Equal(newUrl, new Uri(new Uri(Site.BaseUrl), moved.Headers["location"]).AbsolutePath);
        var followed = await visitor.GotoAsync(url);
        Assert.Equal(200, followed!.Status);
        Assert.Equal(Site.BaseUrl + newUrl, visitor.Url);
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(newName);
        await visitor.AssertAccessibleAsync();
        await ScreenshotAsync(visitor, "back-office-renamed-page");

        // 11. The back office shows what happened: the redirect under Værktøjer, the plan and the publications in the log,
        // and the image's use in the media library.
        await Page.GotoAsync("/redaktion/vaerktoejer");
        var redirect = Page.Locator("table.audit tbody tr").Filter(new() { Has = Page.Locator("code", new() { HasTextString = url }) });
        await Expect(redirect).ToHaveCountAsync(1);
        await Expect(redirect).ToContainTextAsync(newUrl);
        await Page.AssertAccessibleAsync();

        await Page.GotoAsync("/redaktion/log?hvad=" + Uri.EscapeDataString("planlagt"));
        await Expect(Page.Locator("table.audit tbody")).ToContainTextAsync("Udgav side (planlagt)");
        await Page.AssertAccessibleAsync();

        await Page.GotoAsync(image.ItemPath);
        var uses = Page.GetByRole(AriaRole.Region, new() { Name = "Bruges på" });
        await Expect(uses.GetByRole(AriaRole.Link, new() { Name = newName, Exact = true })).ToHaveAttributeAsync("href", editPath);
        await Expect(uses).ToContainTextAsync("Udgivet");
        await Page.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Every_other_back_office_page_passes_axe()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Ib Redaktør");

        await Page.GotoAsync("/redaktion/vaerktoejer");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Værktøjer");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-tools");

        await Page.GotoAsync("/redaktion/log");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Log");
        await Page.AssertAccessibleAsync();
        var today = PageChecks.Iso(PageChecks.TodayInCopenhagen());
        await Page.GetByLabel("Hvad", new() { Exact = true }).FillAsync("to-trins");
        await Page.GetByLabel("Fra", new() { Exact = true }).FillAsync(today);
        await Page.GetByLabel("Til", new() { Exact = true }).FillAsync(today);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Vis", Exact = true }), new Regex(@"/redaktion/log\?.*hvad=to-trins.*fra=" + today));
        await Expect(Page.GetByLabel("Hvad", new() { Exact = true })).ToHaveValueAsync("to-trins");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-log-filtered");

        await Page.GotoAsync("/redaktion/moderation");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Moderation");
        await Page.AssertAccessibleAsync();

        // A page of the starter site: its versions (compared with itself when it has one) and its preview.
        await Page.GotoAsync("/redaktion/indhold");
        await ClickAndWaitForUrlAsync(Page, Page.Locator("table.content-tree").GetByRole(AriaRole.Link, new() { Name = "Om kampagnen", Exact = true }), EditUrl());
        var editPath = new Uri(Page.Url).AbsolutePath;
        await Page.AssertAccessibleAsync();
        await Page.GotoAsync(editPath + "/versioner");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Versioner af Om kampagnen");
        await Page.AssertAccessibleAsync();
        var first = VersionNumber(await Page.Locator("table.audit tbody tr td").First.InnerTextAsync());
        await Page.GotoAsync($"{editPath}/versioner?a={first}&b={first}");
        await Expect(Page.Locator(".empty")).ToHaveTextAsync("Versionerne er ens.");
        await Page.AssertAccessibleAsync();
        await Page.GotoAsync(editPath + "/forhaandsvisning");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Forhåndsvisning" })).ToBeVisibleAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Derfor skal vi tale om ensomhed");
        await Page.AssertAccessibleAsync();

        await Page.GotoAsync("/redaktion/medier");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Medier");
        await Page.AssertAccessibleAsync();
        await Page.GotoAsync("/redaktion/medier/upload");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Upload fil");
        await Page.AssertAccessibleAsync();

        await Page.GotoAsync("/redaktion/nyhedsbrev/abonnenter");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Abonnenter på nyhedsbrevet");
        await Page.AssertAccessibleAsync();
        await Page.GetByLabel("Søg på e-mailadresse").FillAsync("ingen-her");
        await ClickAndWaitForUrlAsync(Page, Page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Søg", Exact = true }), new Regex(@"/redaktion/nyhedsbrev/abonnenter\?q=ingen-her$"));
        await Expect(Page.Locator(".empty")).ToHaveTextAsync("Ingen abonnenter har en adresse, der indeholder det.");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-subscribers");
    }

    [Fact]
    public async Task An_editor_puts_a_page_in_the_recycle_bin_is_told_so_in_the_tree_and_restores_it_under_tools()
    {
        await StaffSignInAsync(Page, Roles.Editor, "Bo Redaktør");
        var name = $"Gammel kampagneside {Word()}";
        await Page.GotoAsync("/redaktion/indhold");
        await Page.GetByLabel("Under siden").SelectOptionAsync(new SelectOptionValue { Label = "Forside" });
        await Page.GetByLabel("Sidetype").SelectOptionAsync(new SelectOptionValue { Label = "Side" });
        await Page.GetByLabel("Sidens navn").FillAsync(name);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret side" }), EditUrl());
        await Expect(Page.Locator("h1")).ToHaveTextAsync(name);

        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Læg i papirkurven" }), new Regex("/redaktion/indhold$"));
        var tree = Page.Locator("table.content-tree");
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        // ContentEdit puts this message in TempData for the tree; the editor must read it there, not on some later page.
        await Expect(Notice(Page)).ToHaveTextAsync($"\"{name}\" er lagt i papirkurven. Du kan gendanne den under Værktøjer.");
        await Page.AssertAccessibleAsync();

        await Page.GotoAsync("/redaktion/vaerktoejer");
        var trashed = Page.Locator(".portal-item").Filter(new() { HasTextString = name });
        await Expect(trashed).ToHaveCountAsync(1);
        await Expect(Notice(Page)).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();
        await ClickAndWaitForUrlAsync(Page, trashed.GetByRole(AriaRole.Button, new() { Name = $"Gendan {name}", Exact = true }), new Regex("/redaktion/vaerktoejer$"));
        await Expect(Notice(Page)).ToHaveTextAsync("Siden er gendannet som kladde og er ikke på sitet. En redaktør udgiver den, når den skal vises igen.");
        await Expect(trashed).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();
        await Page.GotoAsync("/redaktion/indhold");
        await Expect(tree.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_moderator_saves_drafts_but_cannot_publish_or_schedule()
    {
        await StaffSignInAsync(Page, Roles.Moderator, "Mads Moderator");
        await Page.GotoAsync("/redaktion/indhold");
        await ClickAndWaitForUrlAsync(Page, Page.Locator("table.content-tree").GetByRole(AriaRole.Link, new() { Name = "Om kampagnen", Exact = true }), EditUrl());
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Om kampagnen");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Gem kladde" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Gem og udgiv" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Afpublicér" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Læg i papirkurven" })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Planlæg udgivelse" })).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Som moderator kan du gemme kladder; en redaktør udgiver.")).ToBeVisibleAsync();
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-moderator-edit");
    }

    [Fact]
    public async Task An_association_member_gets_the_403_page_in_the_content_editor()
    {
        var email = $"karen-{Guid.NewGuid():N}@example.org";
        await Page.GotoAsync("/forening/opret");
        var opened = Stopwatch.StartNew();
        await Page.GetByLabel("Foreningens navn").FillAsync($"Læsekredsen {Word()}");
        await Page.GetByLabel("Hvad slags organisation er I?").SelectOptionAsync(new SelectOptionValue { Label = "Forening" });
        await Page.GetByLabel("Hjemkommune").SelectOptionAsync(new SelectOptionValue { Label = "Rødovre" });
        await Page.GetByLabel("Hjemmeside").FillAsync("https://example.org");
        await Page.GetByLabel("Dit navn").FillAsync("Karen Østergård");
        await Page.GetByLabel("Din e-mail").FillAsync(email);
        await Page.GetByLabel("Vælg en adgangskode").FillAsync(SiteFixture.Password);
        await Page.GetByLabel("Jeg har læst, hvordan Social- og Boligstyrelsen behandler vores oplysninger").CheckAsync();
        if (TimeSpan.FromSeconds(1.5) - opened.Elapsed is { Ticks: > 0 } left)
        {
            await Task.Delay(left);
        }

        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Opret forening" }), new Regex("/forening/tjek-din-mail$"));
        var mail = await Site.Mail.WaitForSubjectAsync(email, "Bekræft din e-mailadresse", MailTimeout);
        var link = ConfirmLink().Match(mail.Text);
        Assert.True(link.Success, "No confirmation link in the mail:" + Environment.NewLine + mail.Text);
        await Page.GotoAsync(link.Value);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft e-mailadresse" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Din e-mail er bekræftet");

        await Page.GotoAsync("/forening/log-ind");
        await Page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await Page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }), new Regex("/forening$"));

        foreach (var path in new[] { "/redaktion/indhold", "/redaktion/vaerktoejer", "/redaktion/log" })
        {
            var response = await Page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(Page.Locator("h1")).ToHaveTextAsync("Du har ikke adgang");
            await Expect(Page.Locator("table.content-tree")).ToHaveCountAsync(0);
        }

        await Page.GotoAsync("/redaktion/indhold");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("back-office-member-forbidden");
    }

    private sealed record LibraryImage(string Src, string Alt, string Width, string Height, string ItemPath)
    {
        public string Id => ItemPath.Split('/')[^1];

        /// <summary>The square crop, as an image block shows it.</summary>
        public string CropSrc => $"/media/{Id}/social.webp";
    }

    /// <summary>A new staff member signs in for the first time: password, authenticator enrolment, recovery codes, /redaktion.</summary>
    private async Task StaffSignInAsync(IPage page, string role, string displayName)
    {
        var email = await Site.CreateStaffAsync(role, displayName);
        await page.GotoAsync("/redaktion/log-ind");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Log ind på redaktionen");
        await page.AssertAccessibleAsync();
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }), new Regex("/redaktion/totp$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sæt to-trins-login op");
        await page.AssertAccessibleAsync();

        var key = await page.Locator(".totp-key").InnerTextAsync();
        await page.GetByLabel("Kode fra appen").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Slå to-trins-login til" }).ClickAsync();
        await Expect(page.Locator(".notice[role=status]")).ToContainTextAsync("To-trins-login er slået til.");
        await Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await page.AssertAccessibleAsync();

        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Gå til redaktionen" }), new Regex("/redaktion$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Redaktionen");
        await Expect(page.Locator(".lead")).ToHaveTextAsync($"Velkommen, {displayName}.");
        await page.AssertAccessibleAsync();
    }

    /// <summary>Uploads a small PNG made here to the media library; returns what its "Brug i en billedblok" fields say.</summary>
    private static async Task<LibraryImage> UploadImageAsync(IPage page, string alt)
    {
        await page.GotoAsync("/redaktion/medier");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Medier");
        await page.AssertAccessibleAsync();
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Upload fil") }), new Regex("/redaktion/medier/upload"));
        await page.GetByLabel("Fil", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "frokost.png", MimeType = "image/png", Buffer = Png(640, 400) });
        await page.GetByLabel(new Regex("^Alternativ tekst")).FillAsync(alt);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }), new Regex("/redaktion/medier/[0-9a-f-]{36}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("frokost.png");
        await page.AssertAccessibleAsync();

        var image = new LibraryImage(
            await page.Locator("#block-src").InputValueAsync(),
            await page.Locator("#block-alt").InputValueAsync(),
            await page.Locator("#block-width").InputValueAsync(),
            await page.Locator("#block-height").InputValueAsync(),
            new Uri(page.Url).AbsolutePath);
        Assert.Matches(@"^/media/[0-9a-f-]{36}-\d+\.webp$", image.Src);
        Assert.Equal(alt, image.Alt);
        Assert.Equal("640", image.Width);
        Assert.Equal("400", image.Height);
        return image;
    }

    /// <summary>A grey picture with a red and a blue square, made with libvips as a PNG.</summary>
    private static byte[] Png(int width, int height)
    {
        using var background = (Image.Black(width, height, bands: 3) + new[] { 200.0, 200, 200 }).Cast(Enums.BandFormat.Uchar);
        using var red = (Image.Black(80, 80, bands: 3) + new[] { 200.0, 30, 30 }).Cast(Enums.BandFormat.Uchar);
        using var blue = (Image.Black(80, 80, bands: 3) + new[] { 30.0, 60, 200 }).Cast(Enums.BandFormat.Uchar);
        using var withRed = background.Insert(red, width / 4, height / 3);
        using var image = withRed.Insert(blue, width / 2, height / 2);
        return image.PngsaveBuffer();
    }

    /// <summary>What the public (or the preview) shows: title, intro, the rich text, the picked image in its crop, the key figure.</summary>
    private static async Task AssertPageContentAsync(IPage page, string name, string intro, LibraryImage image)
    {
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Expect(page.Locator(".page-header .lead")).ToHaveTextAsync(intro);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tal om det i frokostpausen", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.Locator(".block--text strong")).ToHaveTextAsync("ikke");
        await Expect(page.Locator(".block--text li")).ToHaveTextAsync(["Spis sammen", "Inviter nye med"]);
        var img = page.Locator("figure.block--image img");
        await Expect(img).ToHaveAttributeAsync("src", image.CropSrc);
        await Expect(img).ToHaveAttributeAsync("alt", image.Alt);
        await Expect(img).ToHaveAttributeAsync("width", "1080");
        await Expect(img).ToHaveAttributeAsync("height", "1080");
        await img.ScrollIntoViewIfNeededAsync();
        await Expect(img).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await img.EvaluateAsync<int>("i => i.naturalWidth") > 0, "The image from the media library did not load.");
        await Expect(page.Locator("figure.block--image figcaption")).ToHaveTextAsync("Frokost i kantinen");
        await Expect(page.Locator("ul.facts .fact__figure")).ToHaveTextAsync("380.000");
        await Expect(page.Locator("ul.facts .fact__label")).ToHaveTextAsync("danskere lever i svær ensomhed");

        // The image was moved above the key figure.
        var order = await page.Locator("figure.block--image, ul.facts").EvaluateAllAsync<string[]>("els => els.map(e => e.tagName)");
        Assert.Equal(["FIGURE", "UL"], order);
    }

    /// <summary>Asks for the public address, as a visitor's browser would, until it answers 200; returns when it did.</summary>
    private static async Task<DateTimeOffset> WaitUntilLiveAsync(IPage visitor, string url, DateTimeOffset at)
    {
        var deadline = DateTimeOffset.UtcNow + ScheduleTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await visitor.APIRequest.GetAsync(url);
            if (response.Status == 200)
            {
                return DateTimeOffset.UtcNow;
            }

            Assert.Equal(404, response.Status);
            // Sleep most of the way to the planned time, then look every half second.
            var untilDue = at - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(2);
            await Task.Delay(untilDue > TimeSpan.FromSeconds(0.5) ? untilDue : TimeSpan.FromSeconds(0.5));
        }

        Assert.Fail($"{url} was not published within {ScheduleTimeout} although it was planned for {at:O} (now {DateTimeOffset.UtcNow:O}).");
        return default;
    }

    private static ILocator Intro(IPage page) => page.GetByLabel(new Regex("^Indledning"));

    private static ILocator Notice(IPage page) => page.Locator(".notice[role=status]");

    /// <summary>The fieldset of the block at this position (1-based), named by its legend "Blok 2: Faktaboks".</summary>
    private static ILocator Block(IPage page, int number, string type) =>
        page.GetByRole(AriaRole.Group, new() { Name = $"Blok {number}: {type}", Exact = true });

    /// <summary>Presses the block type's card under "Tilføj en blok"; the page comes back with the new, empty block.</summary>
    private static async Task AddBlockAsync(IPage page, string type, int expectedNumber)
    {
        var card = page.Locator("button.block-card").Filter(new() { Has = page.Locator(".block-card__name", new() { HasTextRegex = new Regex($"^{Regex.Escape(type)}$") }) });
        await SubmitAsync(page, card);
        await Expect(Block(page, expectedNumber, type)).ToBeVisibleAsync();
        await Expect(page.Locator(".block-editor")).ToHaveCountAsync(expectedNumber);
    }

    /// <summary>Presses a form's button and waits for the page the post leads to (after any redirect) to load.</summary>
    private static async Task<IResponse> SubmitAsync(IPage page, ILocator button, string? key = null)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => key is null ? button.ClickAsync() : button.PressAsync(key),
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await response.FinishedAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return response;
    }

    /// <summary>Clicks (a link or a form's button) and waits until the page it leads to, after any redirect, has loaded.</summary>
    private static async Task ClickAndWaitForUrlAsync(IPage page, ILocator target, Regex url)
    {
        await page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForURLAsync(url);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static int VersionNumber(string firstCell) => int.Parse(firstCell[..firstCell.IndexOf(':', StringComparison.Ordinal)].Trim(), CultureInfo.InvariantCulture);

    /// <summary>A made-up lowercase word, so the page's name and address are this test's own.</summary>
    private static string Word() => "kol" + new string(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    [GeneratedRegex(@"/redaktion/indhold/[0-9a-f-]{36}$")]
    private static partial Regex EditUrl();

    [GeneratedRegex(@"https?://\S+/forening/bekraeft\?\S+")]
    private static partial Regex ConfirmLink();
}
