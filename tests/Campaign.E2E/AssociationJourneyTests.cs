using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// An association's whole way into the calendar, in the browser as people go it: it registers, confirms its address
/// from the mail the SMTP sink received, signs in and submits an event; an editor signs in with a password and an
/// authenticator code and approves it; the public finds it; a later change waits for the editor before it shows.
/// axe-core checks every portal, moderation and public page on the way.
/// </summary>
public sealed partial class AssociationJourneyTests(SiteFixture site) : BrowserTest(site)
{
    /// <summary>More than the app's minimum fill time (Abuse:MinimumFillSeconds = 1 in the fixture): nobody fills a form faster.</summary>
    private static readonly TimeSpan ReadingTime = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_association_registers_submits_an_event_an_editor_approves_it_and_the_public_finds_it_and_its_change()
    {
        // 1. Register.
        var email = await RegisterAsync(Page, $"Strikkeklubben Maskefald {Word()}", "Rødovre");

        // 2. Confirm the address from the mail.
        await ConfirmFromMailAsync(Page, email);

        // 3. Sign in and submit an event; the municipality is left to be found from the postal code.
        await SignInAsync(Page, email);
        await Expect(Page.Locator(".notice")).ToContainTextAsync("Jeres forening venter på at blive godkendt.");
        var word = Word();
        var title = $"Strikkecafé med hygge {word}";
        var date = PageChecks.TodayInCopenhagen().AddDays(21);
        await SubmitEventAsync(Page, title, date, "2610");

        var pending = PortalGroup(Page, "Venter på godkendelse");
        await Expect(pending.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await Page.AssertAccessibleAsync();
        await Site.Mail.WaitForSubjectAsync(email, "Vi har modtaget jeres arrangement", MailTimeout);

        // 4. An editor, at another computer, signs in with password and authenticator code and approves the event.
        var editor = await NewPersonAsync();
        await EditorSignInAsync(editor);
        var review = Review(editor, title);
        await Expect(review).ToContainTextAsync("Fra Strikkeklubben Maskefald");
        await Expect(review.Locator(".event-facts")).ToContainTextAsync("Rødovre Bibliotek, Rødovre Parkvej 140, 2610 Rødovre (Rødovre Kommune)");
        await Expect(review.Locator(".prose")).ToContainTextAsync("Vi strikker, drikker kaffe og hygger os.");
        await DecideAsync(editor, title, "Godkend", "Arrangementet er godkendt og vises nu i kalenderen.");

        // 5. The public finds it in Rødovre's calendar, on its own page, in its iCal file and in the search.
        var visitor = await NewPersonAsync();
        await visitor.GotoAsync("/arrangementer?kommune=roedovre");
        await Expect(visitor.Locator("h1")).ToBeVisibleAsync();
        await visitor.AssertAccessibleAsync();
        var card = visitor.GetByRole(AriaRole.Link, new() { Name = title, Exact = true });
        await Expect(card).ToHaveCountAsync(1);
        await ClickAndWaitForUrlAsync(visitor, card, new Regex("/arrangementer/[a-z0-9-]+$"));
        var eventPath = new Uri(visitor.Url).AbsolutePath;
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(title);
        await Expect(visitor.Locator(".event-facts")).ToContainTextAsync("Rødovre Parkvej 140");
        await visitor.AssertAccessibleAsync();

        var download = await visitor.RunAndWaitForDownloadAsync(() => visitor.GetByRole(AriaRole.Link, new() { Name = "Tilføj til kalender" }).ClickAsync());
        Assert.EndsWith(eventPath + ".ics", download.Url, StringComparison.Ordinal);
        var ics = Unfold(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains($"SUMMARY:{title}\r\n", ics, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=Europe/Copenhagen:{date:yyyyMMdd}T170000", ics, StringComparison.Ordinal);

        var search = visitor.GetByRole(AriaRole.Searchbox, new() { Name = "Søg på sitet" });
        await search.FillAsync(word);
        await visitor.RunAndWaitForResponseAsync(() => search.PressAsync("Enter"), r => r.Request.IsNavigationRequest && r.Frame == visitor.MainFrame);
        await visitor.WaitForURLAsync(new Regex(@"/soeg\?q=" + word + "$"));
        await Expect(visitor.Locator("h1")).ToHaveTextAsync("Søg");
        var hit = visitor.Locator("ol.hits > li.hit").Filter(new() { Has = visitor.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }) });
        await Expect(hit).ToHaveCountAsync(1);
        await Expect(hit.GetByRole(AriaRole.Link, new() { Name = title, Exact = true })).ToHaveAttributeAsync("href", eventPath);
        await visitor.AssertAccessibleAsync();

        var approved = await Site.Mail.WaitForSubjectAsync(email, "Jeres arrangement er godkendt", MailTimeout);
        Assert.Contains(title, approved.Text, StringComparison.Ordinal);
        Assert.Contains(eventPath, approved.Text, StringComparison.Ordinal);

        // 6. The association changes the title; the calendar keeps the approved one until the editor approves the change.
        await Page.GotoAsync("/forening");
        var published = PortalGroup(Page, "I kalenderen");
        await Expect(published.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await Page.AssertAccessibleAsync();
        await ClickAndWaitForUrlAsync(Page, published.GetByRole(AriaRole.Link, new() { Name = "Rediger", Exact = true }), new Regex("/forening/arrangement/[0-9a-f-]{36}$"));
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Rediger arrangement");
        await Expect(Page.GetByLabel(new Regex("^Titel"))).ToHaveValueAsync(title);
        await Page.AssertAccessibleAsync();
        var newTitle = title + " – med kaffe";
        await Page.GetByLabel(new Regex("^Titel")).FillAsync(newTitle);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem ændringer" }), new Regex("/forening$"));
        await Expect(Confirmation(Page)).ToHaveTextAsync("Ændringerne er sendt til godkendelse. Kalenderen viser den tidligere udgave så længe.");
        published = PortalGroup(Page, "I kalenderen");
        await Expect(published.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await Expect(published).ToContainTextAsync("Jeres ændringer venter på godkendelse.");
        await Page.AssertAccessibleAsync();
        await Site.Mail.WaitForSubjectAsync(email, "Vi har modtaget jeres arrangement", MailTimeout);

        await visitor.GotoAsync(eventPath);
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(title);

        await editor.GotoAsync("/redaktion/moderation");
        var change = Review(editor, newTitle);
        await Expect(change).ToBeVisibleAsync();
        await Expect(editor.GetByText("Vises nu:").Filter(new() { Has = editor.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }) })).ToBeVisibleAsync();
        await editor.AssertAccessibleAsync();
        await DecideAsync(editor, newTitle, "Godkend ændringerne", "Ændringerne er godkendt og vises nu.");

        await visitor.GotoAsync(eventPath);
        await Expect(visitor.Locator("h1")).ToHaveTextAsync(newTitle);
        await visitor.AssertAccessibleAsync();

        await Page.GotoAsync("/forening");
        await Expect(PortalGroup(Page, "I kalenderen").Locator(".portal-item__title")).ToHaveTextAsync([newTitle]);
        await ScreenshotAsync("association-journey-dashboard");
        await ScreenshotAsync(editor, "association-journey-moderation");
        await ScreenshotAsync(visitor, "association-journey-event");
    }

    [Fact]
    public async Task An_editor_rejects_an_event_with_a_reason_and_the_association_reads_it_in_a_mail_and_on_its_dashboard()
    {
        var email = await RegisterAsync(Page, $"Gåklubben Lange Ben {Word()}", "Rødovre");
        await ConfirmFromMailAsync(Page, email);
        await SignInAsync(Page, email);
        var title = $"Gåtur om søen {Word()}";
        await SubmitEventAsync(Page, title, PageChecks.TodayInCopenhagen().AddDays(24), "2610");
        await Site.Mail.WaitForSubjectAsync(email, "Vi har modtaget jeres arrangement", MailTimeout);

        var editor = await NewPersonAsync();
        await EditorSignInAsync(editor);
        const string Reason = "Arrangementet ligner en reklame for en butik. Skriv gerne, hvad deltagerne skal lave sammen, og send det igen.";
        await Decisions(editor, title).GetByLabel("Begrundelse, hvis du afviser").FillAsync(Reason);
        await DecideAsync(editor, title, "Afvis", "Arrangementet er afvist, og arrangøren har fået begrundelsen.");
        await Expect(Review(editor, title)).ToHaveCountAsync(0);

        var mail = await Site.Mail.WaitForSubjectAsync(email, "Jeres arrangement er ikke godkendt", MailTimeout);
        Assert.Contains($"Begrundelse: {Reason}", mail.Text, StringComparison.Ordinal);
        Assert.Contains(title, mail.Text, StringComparison.Ordinal);
        Assert.Contains($"Begrundelse: {Reason}", mail.Html, StringComparison.Ordinal);

        await Page.GotoAsync("/forening");
        var rejected = PortalGroup(Page, "Afviste");
        await Expect(rejected.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await Expect(rejected.Locator(".moderation-note")).ToHaveTextAsync($"Besked fra redaktionen: {Reason}");
        await Expect(PortalGroup(Page, "Venter på godkendelse")).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("association-rejected-dashboard");
    }

    [Fact]
    public async Task An_editor_who_approves_an_event_changed_since_she_looked_is_told_and_sees_the_new_text()
    {
        var email = await RegisterAsync(Page, $"Sangkoret Tonen {Word()}", "Rødovre");
        await ConfirmFromMailAsync(Page, email);
        await SignInAsync(Page, email);
        var title = $"Fællessang i parken {Word()}";
        await SubmitEventAsync(Page, title, PageChecks.TodayInCopenhagen().AddDays(26), "2610");

        // The editor has the queue open ...
        var editor = await NewPersonAsync();
        await EditorSignInAsync(editor);
        await Expect(Review(editor, title)).ToBeVisibleAsync();

        // ... while the association rewrites the event.
        var pending = PortalGroup(Page, "Venter på godkendelse");
        await ClickAndWaitForUrlAsync(Page, pending.GetByRole(AriaRole.Link, new() { Name = "Rediger", Exact = true }), new Regex("/forening/arrangement/[0-9a-f-]{36}$"));
        var newTitle = title + " – og reklame";
        await Page.GetByLabel(new Regex("^Titel")).FillAsync(newTitle);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Gem ændringer" }), new Regex("/forening$"));

        // Approving what she saw is refused, and the queue shows what the event says now.
        await ClickAndWaitForUrlAsync(editor, Decisions(editor, title).GetByRole(AriaRole.Button, new() { Name = "Godkend", Exact = true }), new Regex("/redaktion/moderation"));
        await Expect(editor.Locator(".notice[role=status]")).ToContainTextAsync("er blevet ændret af arrangøren, siden du så det");
        await Expect(Review(editor, newTitle)).ToBeVisibleAsync();
        await Expect(Review(editor, title)).ToHaveCountAsync(0);
        await editor.AssertAccessibleAsync();
        await ScreenshotAsync(editor, "moderation-changed-since-seen");

        var visitor = await NewPersonAsync();
        await visitor.GotoAsync("/arrangementer?kommune=roedovre");
        await Expect(visitor.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(title)) })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_event_form_at_320_pixels_keeps_what_was_typed_and_explains_a_wrong_postal_code_in_danish()
    {
        const int Width = 320;
        await Page.SetViewportSizeAsync(Width, 800);
        // Based in Hvidovre, holding the event in Rødovre: the municipality must come from the postal code.
        var email = await RegisterAsync(Page, $"Hvidovre Frivilligcenter {Word()}", "Hvidovre");
        await ConfirmFromMailAsync(Page, email);
        await SignInAsync(Page, email);
        await Page.AssertNoHorizontalScrollingAsync(Width);

        var title = $"Fællesspisning i Medborgerhuset {Word()}";
        var date = PageChecks.TodayInCopenhagen().AddDays(30);
        await OpenNewEventFormAsync(Page);
        await Page.AssertNoHorizontalScrollingAsync(Width);
        await FillEventAsync(Page, title, date, "0000");
        var response = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Send til godkendelse" }).ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Method == "POST");
        Assert.Equal(400, response.Status);

        var summary = Page.Locator(".error-summary");
        await Expect(summary).ToHaveAttributeAsync("role", "alert");
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Ret venligst følgende");
        var error = summary.GetByRole(AriaRole.Link, new() { Name = "Skriv et gyldigt dansk postnummer med fire cifre." });
        await Expect(error).ToHaveAttributeAsync("href", "#Form_PostalCode");
        await Expect(Page.GetByLabel(new Regex("^Titel"))).ToHaveValueAsync(title);
        await Expect(Page.GetByLabel(new Regex("^Beskrivelse"))).ToHaveValueAsync(Description);
        await Expect(Page.GetByLabel(new Regex("^Dato"))).ToHaveValueAsync(PageChecks.Iso(date));
        await Expect(Page.GetByLabel("Starter kl.", new() { Exact = true })).ToHaveValueAsync("17:00");
        await Expect(Page.GetByLabel("Slutter kl.", new() { Exact = true })).ToHaveValueAsync("19:00");
        await Expect(Page.GetByLabel("Stedets navn", new() { Exact = true })).ToHaveValueAsync("Rødovre Bibliotek");
        await Expect(Page.GetByLabel("Adresse", new() { Exact = true })).ToHaveValueAsync("Rødovre Parkvej 140");
        await Expect(Page.GetByLabel("Postnummer", new() { Exact = true })).ToHaveValueAsync("0000");
        await Page.AssertNoHorizontalScrollingAsync(Width);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("event-form-postal-error-320");

        // Corrected, the form goes through.
        await Page.GetByLabel("Postnummer", new() { Exact = true }).FillAsync("2610");
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Send til godkendelse" }), new Regex("/forening$"));
        await Expect(Confirmation(Page)).ToHaveTextAsync("Tak! Arrangementet er sendt til godkendelse.");
        var pending = PortalGroup(Page, "Venter på godkendelse");
        await Expect(pending.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await Page.AssertNoHorizontalScrollingAsync(Width);
        await Page.AssertAccessibleAsync();

        // The municipality was left as the form offered it, so it is the one of postal code 2610.
        await ClickAndWaitForUrlAsync(Page, pending.GetByRole(AriaRole.Link, new() { Name = "Rediger", Exact = true }), new Regex("/forening/arrangement/[0-9a-f-]{36}$"));
        await Expect(Page.GetByLabel("Kommune", new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync("Rødovre");
        await ScreenshotAsync("event-form-corrected-320");
    }

    [Fact]
    public async Task An_evening_past_midnight_asks_for_an_end_date_in_danish_and_then_goes_through()
    {
        var email = await RegisterAsync(Page, $"Natteravnene {Word()}", "Rødovre");
        await ConfirmFromMailAsync(Page, email);
        await SignInAsync(Page, email);

        var title = $"Nattevandring gennem byen {Word()}";
        var date = PageChecks.TodayInCopenhagen().AddDays(14);
        await OpenNewEventFormAsync(Page);
        await FillEventAsync(Page, title, date, "2610");
        await Page.GetByLabel("Starter kl.", new() { Exact = true }).FillAsync("22:00");
        await Page.GetByLabel("Slutter kl.", new() { Exact = true }).FillAsync("02:00");
        var response = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Send til godkendelse" }).ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Method == "POST");
        Assert.Equal(400, response.Status);

        var summary = Page.Locator(".error-summary");
        var error = summary.GetByRole(AriaRole.Link, new() { Name = "Arrangementet slutter kl. 02.00, før det begynder kl. 22.00. Slutter det dagen efter, så skriv datoen i feltet Slutdato." });
        await Expect(error).ToHaveAttributeAsync("href", "#Form_EndTime");
        await Expect(summary).Not.ToContainTextAsync("The ");
        await Expect(Page.GetByLabel("Slutter kl.", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel(new Regex("^Titel"))).ToHaveValueAsync(title);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("event-form-end-before-start");

        await Page.GetByLabel(new Regex("^Slutdato")).FillAsync(PageChecks.Iso(date.AddDays(1)));
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Button, new() { Name = "Send til godkendelse" }), new Regex("/forening$"));
        await Expect(Confirmation(Page)).ToHaveTextAsync("Tak! Arrangementet er sendt til godkendelse.");
        var pending = PortalGroup(Page, "Venter på godkendelse");
        await Expect(pending.Locator(".portal-item__title")).ToHaveTextAsync([title]);
        await ClickAndWaitForUrlAsync(Page, pending.GetByRole(AriaRole.Link, new() { Name = "Rediger", Exact = true }), new Regex("/forening/arrangement/[0-9a-f-]{36}$"));
        await Expect(Page.GetByLabel(new Regex("^Slutdato"))).ToHaveValueAsync(PageChecks.Iso(date.AddDays(1)));
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("event-form-multi-day");
    }

    [Fact]
    public async Task An_association_member_cannot_reach_the_moderation()
    {
        var email = await RegisterAsync(Page, $"Naboskabet {Word()}", "Rødovre");
        await ConfirmFromMailAsync(Page, email);
        await SignInAsync(Page, email);

        var response = await Page.GotoAsync("/redaktion/moderation");
        Assert.NotNull(response);
        Assert.Equal(403, response.Status);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Du har ikke adgang");
        await Expect(Page.Locator(".moderation-item")).ToHaveCountAsync(0);
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("association-member-forbidden-moderation");
    }

    [Fact]
    public async Task A_member_confirms_the_address_with_a_button_and_changes_the_password()
    {
        var email = await RegisterAsync(Page, $"Læseklubben Bogorm {Word()}", "Rødovre");
        var mail = await Site.Mail.WaitForSubjectAsync(email, "Bekræft din e-mailadresse", MailTimeout);
        await Page.GotoAsync(ConfirmLink().Match(mail.Text).Value);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Bekræft din e-mailadresse");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("account-confirm-email-button");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Bekræft e-mailadresse" }).ClickAsync();
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Din e-mail er bekræftet");

        await SignInAsync(Page, email);
        await ClickAndWaitForUrlAsync(Page, Page.GetByRole(AriaRole.Link, new() { Name = "Skift adgangskode" }), new Regex("/forening/adgangskode$"));
        await Page.GetByLabel("Nuværende adgangskode").FillAsync("ikke den rigtige kode");
        await Page.GetByLabel("Ny adgangskode").FillAsync("læseklubben vælger en ny kode");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Skift adgangskode" }).ClickAsync();
        await Expect(Page.Locator(".error-summary")).ToContainTextAsync("Din nuværende adgangskode er forkert.");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("account-change-password-error");
        await Page.GetByLabel("Nuværende adgangskode").FillAsync(SiteFixture.Password);
        await Page.GetByLabel("Ny adgangskode").FillAsync("læseklubben vælger en ny kode");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Skift adgangskode" }).ClickAsync();
        await Expect(Page.Locator(".notice[role=status]")).ToContainTextAsync("Din adgangskode er skiftet.");
        await Page.AssertAccessibleAsync();
    }

    private const string Description = "Vi strikker, drikker kaffe og hygger os. Alle er velkomne – tag gerne dit eget garn med.";

    /// <summary>Registers at /forening/opret as a person fills the form, by its labels; returns the new address.</summary>
    private async Task<string> RegisterAsync(IPage page, string name, string municipality)
    {
        var email = $"karen-{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/forening/opret");
        var opened = Stopwatch.StartNew();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Opret jeres forening");
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Foreningens navn").FillAsync(name);
        await page.GetByLabel("Hvad slags organisation er I?").SelectOptionAsync(new SelectOptionValue { Label = "Forening" });
        await page.GetByLabel("Hjemkommune").SelectOptionAsync(new SelectOptionValue { Label = municipality });
        await page.GetByLabel("Hjemmeside").FillAsync("https://example.org");
        await page.GetByLabel("Dit navn").FillAsync("Karen Østergård");
        await page.GetByLabel("Din e-mail").FillAsync(email);
        await page.GetByLabel("Vælg en adgangskode").FillAsync(SiteFixture.Password);
        await page.GetByLabel("Jeg har læst, hvordan Social- og Boligstyrelsen behandler vores oplysninger").CheckAsync();
        await WaitAsPersonAsync(opened);

        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Opret forening" }), new Regex("/forening/tjek-din-mail$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tjek din mail");
        await page.AssertAccessibleAsync();
        return email;
    }

    /// <summary>Reads the verification mail at the SMTP sink and opens its link in the browser.</summary>
    private async Task ConfirmFromMailAsync(IPage page, string email)
    {
        var mail = await Site.Mail.WaitForSubjectAsync(email, "Bekræft din e-mailadresse", MailTimeout);
        Assert.StartsWith("multipart/alternative", mail.ContentType, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(mail.Text), "The verification mail has no text part.");
        Assert.False(string.IsNullOrWhiteSpace(mail.Html), "The verification mail has no HTML part.");
        Assert.Contains("Hej Karen Østergård", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Klik på knappen for at bekræfte din e-mailadresse. Linket virker i to dage.", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Hej Karen Østergård", mail.Html, StringComparison.Ordinal);
        Assert.Contains(">Bekræft e-mailadresse</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("lang=\"da\"", mail.Html, StringComparison.Ordinal);

        var link = ConfirmLink().Match(mail.Text);
        Assert.True(link.Success, "No confirmation link in the text part:" + Environment.NewLine + mail.Text);
        Assert.StartsWith(Site.BaseUrl + "/forening/bekraeft?", link.Value, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link.Value.Replace("&", "&amp;", StringComparison.Ordinal)}\"", mail.Html, StringComparison.Ordinal);

        // Opening the link only asks (mail scanners open links too); the button confirms.
        var response = await page.GotoAsync(link.Value);
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bekræft din e-mailadresse");
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekræft e-mailadresse" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Din e-mail er bekræftet");
        await page.AssertAccessibleAsync();
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/forening/log-ind");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Log ind for foreninger");
        await page.AssertAccessibleAsync();
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Log ind" }), new Regex("/forening$"));
        await Expect(page.Locator(".portal__header .eyebrow")).ToHaveTextAsync("For foreninger");
        await page.AssertAccessibleAsync();
    }

    private static async Task OpenNewEventFormAsync(IPage page)
    {
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Opret et arrangement" }), new Regex("/forening/arrangement$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Opret et arrangement");
        await page.AssertAccessibleAsync();
    }

    /// <summary>Fills in what an organiser types; the municipality is left as the form offers it.</summary>
    private static async Task FillEventAsync(IPage page, string title, DateOnly date, string postalCode)
    {
        await page.GetByLabel(new Regex("^Titel")).FillAsync(title);
        await page.GetByLabel(new Regex("^Beskrivelse")).FillAsync(Description);
        await page.GetByLabel(new Regex("^Dato")).FillAsync(PageChecks.Iso(date));
        await page.GetByLabel("Starter kl.", new() { Exact = true }).FillAsync("17:00");
        await page.GetByLabel("Slutter kl.", new() { Exact = true }).FillAsync("19:00");
        await page.GetByLabel("Stedets navn", new() { Exact = true }).FillAsync("Rødovre Bibliotek");
        await page.GetByLabel("Adresse", new() { Exact = true }).FillAsync("Rødovre Parkvej 140");
        await page.GetByLabel("Postnummer", new() { Exact = true }).FillAsync(postalCode);
    }

    private static async Task SubmitEventAsync(IPage page, string title, DateOnly date, string postalCode)
    {
        await OpenNewEventFormAsync(page);
        await FillEventAsync(page, title, date, postalCode);
        await ClickAndWaitForUrlAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send til godkendelse" }), new Regex("/forening$"));
        await Expect(Confirmation(page)).ToHaveTextAsync("Tak! Arrangementet er sendt til godkendelse.");
    }

    /// <summary>What the dashboard says about the form just sent.</summary>
    private static ILocator Confirmation(IPage page) => page.Locator(".notice[role=status]").Filter(new() { HasNotText = "Jeres forening venter" });

    /// <summary>A new moderator signs in for the first time: password, then setting up the authenticator app; ends on the moderation queue.</summary>
    private async Task EditorSignInAsync(IPage editor)
    {
        var email = await Site.CreateModeratorAsync();
        await editor.GotoAsync("/redaktion/log-ind");
        await Expect(editor.Locator("h1")).ToHaveTextAsync("Log ind på redaktionen");
        await editor.AssertAccessibleAsync();
        await editor.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await editor.GetByLabel("Adgangskode", new() { Exact = true }).FillAsync(SiteFixture.Password);
        await ClickAndWaitForUrlAsync(editor, editor.GetByRole(AriaRole.Button, new() { Name = "Fortsæt" }), new Regex("/redaktion/totp$"));
        await Expect(editor.Locator("h1")).ToHaveTextAsync("Sæt to-trins-login op");
        await editor.AssertAccessibleAsync();

        var key = await editor.Locator(".totp-key").InnerTextAsync();
        await editor.GetByLabel("Kode fra appen").FillAsync(Totp.Code(key));
        await editor.GetByRole(AriaRole.Button, new() { Name = "Slå to-trins-login til" }).ClickAsync();
        await Expect(editor.Locator(".notice[role=status]")).ToContainTextAsync("To-trins-login er slået til.");
        await Expect(editor.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await editor.AssertAccessibleAsync();

        await editor.GotoAsync("/redaktion/moderation");
        await Expect(editor.Locator("h1")).ToHaveTextAsync("Moderation");
        await editor.AssertAccessibleAsync();
    }

    /// <summary>An event (or a proposed change) in the moderation queue, rendered as the public will see it.</summary>
    private static ILocator Review(IPage editor, string title) =>
        editor.Locator("article.moderation-item").Filter(new() { Has = editor.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true }) });

    /// <summary>The editor's buttons and text fields for that event, right after it.</summary>
    private static ILocator Decisions(IPage editor, string title) => Review(editor, title).Locator("xpath=following-sibling::form[1]");

    private static async Task DecideAsync(IPage editor, string title, string button, string confirmation)
    {
        await ClickAndWaitForUrlAsync(editor, Decisions(editor, title).GetByRole(AriaRole.Button, new() { Name = button, Exact = true }), new Regex("/redaktion/moderation$"));
        await Expect(editor.Locator(".notice[role=status]")).ToHaveTextAsync(confirmation);
        await editor.AssertAccessibleAsync();
    }

    private static ILocator PortalGroup(IPage page, string heading) =>
        page.Locator("section.portal-group").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^" + Regex.Escape(heading) + @" \(\d+\)$") }) });

    /// <summary>Clicks (a link or a form's button) and waits until the page it leads to, after any redirect, has loaded.</summary>
    private static async Task ClickAndWaitForUrlAsync(IPage page, ILocator target, Regex url)
    {
        // A form answers with a redirect; what counts is the page it redirects to.
        await page.RunAndWaitForResponseAsync(() => target.ClickAsync(), r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForURLAsync(url);
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Nobody reads and fills a form faster than this; the app's bot check counts on it.</summary>
    private static async Task WaitAsPersonAsync(Stopwatch opened)
    {
        var left = ReadingTime - opened.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    /// <summary>A made-up word that no other page or event has, so the search finds this event alone.</summary>
    private static string Word() => "hyg" + new string(Guid.NewGuid().ToString("N")[..7].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    /// <summary>RFC 5545 unfolding: a line break followed by a space or tab continues the line.</summary>
    private static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);

    [GeneratedRegex(@"https?://\S+/forening/bekraeft\?\S+")]
    private static partial Regex ConfirmLink();
}
