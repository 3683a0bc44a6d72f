using System.Diagnostics;
using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>Signing up on /nyhedsbrev and in the block, the confirmation mail, double opt-in and the consent record.</summary>
public sealed class NewsletterSignupTests(NewsletterApp app) : IntegrationTest<NewsletterApp>(app)
{
    [Fact]
    public async Task Signing_up_sends_a_danish_confirmation_mail_whose_link_confirms_and_records_the_consent()
    {
        var email = Signups.NewEmail();

        var page = await App.Client().GetAsync("/nyhedsbrev");
        var response = await Signups.PostAsync(App.Client(), Signups.Form(email.ToUpperInvariant(), "Karen Nielsen", "175", "kampagnenyt", "arrangementer"));

        Signups.AssertNoCookie(page);
        Signups.AssertNoCookie(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Tjek din indbakke", await response.BodyAsync());
        var pending = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Pending, pending!.Status);
        Assert.Equal(NewsletterInterests.Campaign | NewsletterInterests.LocalEvents, pending.Interests);
        Assert.Equal(175, pending.MunicipalityCode);
        Assert.Equal("Karen Nielsen", pending.Name);

        var mail = Assert.Single(await App.MailsAsync(email));
        Assert.Equal("Bekræft din tilmelding til nyhedsbrevet", mail.Subject);
        Assert.Contains("Hej Karen Nielsen", mail.TextBody);
        Assert.Contains("Kampagnenyt og arrangementer i Rødovre Kommune", mail.TextBody);
        Assert.Contains("Linket virker i 7 dage", mail.TextBody);
        Assert.Contains("<html lang=\"da\">", mail.HtmlBody);
        var link = Signups.ConfirmLink(mail);
        Assert.StartsWith("http://localhost/nyhedsbrev/bekraeft?t=", link);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
        var headers = mail.ReadHeaders();
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        Assert.Contains($"<http://localhost/nyhedsbrev/afmeld/{pending.Token}>", headers["List-Unsubscribe"]);
        Assert.Contains("<mailto:afmeld@", headers["List-Unsubscribe"]);
        Assert.Contains($"/nyhedsbrev/afmeld/{pending.Token}", mail.TextBody);

        // Opening the link only asks (a mail scanner's visit is no consent); the button confirms.
        var ask = await App.Client().GetAsync(new Uri(link).PathAndQuery);
        Assert.Contains("Bekræft min tilmelding", await ask.BodyAsync());
        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);
        var confirmed = await Signups.ConfirmAsync(App.Client(), link);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Signups.AssertNoCookie(confirmed);
        Assert.Contains("Tak! Du er tilmeldt", await confirmed.BodyAsync());
        var subscriber = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        Assert.NotNull(subscriber.ConfirmedAt);
        var consent = Assert.Single(await App.ConsentsAsync(subscriber.Id));
        Assert.Equal(ConsentTexts.Current.Version, consent.TextVersion);
        Assert.Equal("2026-11", consent.TextVersion);
        Assert.Equal(ConsentTexts.Current.Text, consent.Text);
        Assert.Equal("/nyhedsbrev", consent.SourcePage);
        Assert.Equal(NewsletterInterests.Campaign | NewsletterInterests.LocalEvents, consent.Interests);
        Assert.Equal(subscriber.ConfirmedAt, consent.ConfirmedAt);
        Assert.True(consent.ConsentedAt <= consent.ConfirmedAt);

        // The same link again says so kindly.
        var again = await App.Client().GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Du er allerede tilmeldt", await again.BodyAsync());
    }

    [Fact]
    public async Task The_block_on_a_content_page_signs_up_and_records_that_page_as_where_consent_was_given()
    {
        var (_, url) = await App.CreateAsync(Pages.UniqueName("Med nyhedsbrev"),
            Pages.Data("En side med tilmelding.", new RichTextBlock("Læs med."), new NewsletterSignupBlock("Hold dig opdateret")));
        var email = Signups.NewEmail();

        var page = await App.Client().GetAsync(url);
        var html = await Html.ParseAsync(page);
        var response = await Signups.PostAsync(App.Client(), Signups.Form(email, null, null, "viden"), url);

        Signups.AssertNoCookie(page);
        Assert.Contains("Hold dig opdateret", html.QuerySelector(".block--newsletter h2")!.TextContent);
        Assert.Null(html.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(url, Signups.Field(html, "Form.Source")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscriber = await App.SubscriberAsync(email);
        Assert.Null(subscriber!.Name);
        Assert.Equal(url, Assert.Single(await App.ConsentsAsync(subscriber.Id)).SourcePage);
    }

    [Fact]
    public async Task The_home_page_has_the_signup_block_and_still_sets_no_cookie()
    {
        var response = await App.Client().GetAsync("/");

        Signups.AssertNoCookie(response);
        var html = await Html.ParseAsync(response);
        Assert.NotNull(html.QuerySelector(".block--newsletter form[action='/nyhedsbrev']"));
        Assert.Equal("/", Signups.Field(html, "Form.Source")!.GetAttribute("value"));
        Assert.Contains(html.QuerySelectorAll("footer a"), a => a.GetAttribute("href") == "/nyhedsbrev");
    }

    [Fact]
    public async Task Signing_up_again_answers_the_same_and_only_mails_the_owner_of_the_address()
    {
        var email = Signups.NewEmail();

        var first = await TimedSignUpAsync(email);
        var pending = await TimedSignUpAsync(email);
        Assert.Single(await App.MailsAsync(email));

        // Past the interval that keeps the form from flooding an inbox, a pending signup gets its confirmation again.
        await BackdateSignupMailAsync(email);
        var resent = await TimedSignUpAsync(email);
        var mails = await App.MailsAsync(email);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal("Bekræft din tilmelding til nyhedsbrevet", m.Subject));

        Assert.Equal(HttpStatusCode.OK, (await Signups.ConfirmAsync(App.Client(), Signups.ConfirmLink(mails[^1]))).StatusCode);
        await BackdateSignupMailAsync(email);
        var confirmed = await TimedSignUpAsync(email, "viden");

        var notice = await App.LastMailAsync(email);
        Assert.Equal("Du er allerede tilmeldt nyhedsbrevet", notice.Subject);
        var subscriber = await App.SubscriberAsync(email);
        Assert.EndsWith($"/nyhedsbrev/dig/{subscriber!.Token}", Signups.ManageLink(notice));
        Assert.True(notice.ReadHeaders().ContainsKey("List-Unsubscribe"));

        // What a visitor typed for a confirmed address is not applied: they have not shown the mailbox is theirs.
        Assert.Equal(NewsletterInterests.Campaign, subscriber.Interests);
        foreach (var other in new[] { pending, resent, confirmed })
        {
            Assert.Equal(first.Status, other.Status);
            Assert.Equal(first.Body, other.Body);
        }

        // Every answer is padded to the same time; a generous lower bound shows the padding is there.
        Assert.All(new[] { first, pending, resent, confirmed }, r => Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(400), $"Answered in {r.Elapsed}."));
    }

    [Fact]
    public async Task A_form_with_mistakes_is_answered_400_in_danish_with_everything_typed_kept()
    {
        var email = Signups.NewEmail();

        var noTopic = await Signups.PostAsync(App.Client(), Signups.Form(email, "Ole Olsen", null));
        var noMunicipality = await Signups.PostAsync(App.Client(), Signups.Form(email, "Ole Olsen", "", "arrangementer", "viden"));
        var badEmail = await Signups.PostAsync(App.Client(), Signups.Form("ole@", "Ole Olsen", "101", "arrangementer"));

        Assert.Equal(HttpStatusCode.BadRequest, noTopic.StatusCode);
        Assert.Contains("Vælg mindst ét emne", await noTopic.BodyAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noMunicipality.StatusCode);
        var html = await Html.ParseAsync(noMunicipality);
        Assert.Contains("Vælg din kommune", html.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(email, Signups.Field(html, "Form.Email")!.GetAttribute("value"));
        Assert.Equal("Ole Olsen", Signups.Field(html, "Form.Name")!.GetAttribute("value"));
        Assert.NotNull(html.QuerySelector("main input[value=arrangementer][checked]"));
        Assert.NotNull(html.QuerySelector("main input[value=viden][checked]"));
        Assert.Null(html.QuerySelector("main input[value=kampagnenyt][checked]"));
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        var bad = await Html.ParseAsync(badEmail);
        Assert.Contains("Skriv din e-mailadresse", bad.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("ole@", Signups.Field(bad, "Form.Email")!.GetAttribute("value"));
        Assert.NotNull(bad.QuerySelector("main select[name='Form.MunicipalityCode'] option[value='101'][selected]"));
        Signups.AssertNoCookie(badEmail);
        Assert.Null(await App.SubscriberAsync(email));
    }

    private Task<int> BackdateSignupMailAsync(string email) => App.With(services => services.GetRequiredService<CampaignDb>().Subscribers
        .Where(s => s.Email == email)
        .ExecuteUpdateAsync(s => s.SetProperty(x => x.SignupMailSentAt, DateTime.UtcNow - Subscriber.MailInterval - TimeSpan.FromMinutes(1))));

    private async Task<(HttpStatusCode Status, string Body, TimeSpan Elapsed)> TimedSignUpAsync(string email, string interest = "kampagnenyt")
    {
        var client = App.Client();
        var fields = Signups.Form(email, "Karen Nielsen", null, interest);
        var watch = Stopwatch.StartNew();
        var response = await Signups.PostAsync(client, fields);
        watch.Stop();
        return (response.StatusCode, await response.BodyAsync(), watch.Elapsed);
    }
}
