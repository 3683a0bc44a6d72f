using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Newsletter;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>The links in the mails: confirmation (signed, expiring), one-click unsubscribe, and the subscriber's own page.</summary>
public sealed class NewsletterLinkTests(NewsletterApp app) : IntegrationTest<NewsletterApp>(app)
{
    [Fact]
    public async Task An_expired_or_tampered_confirmation_link_is_refused_kindly_with_a_way_on()
    {
        var email = Signups.NewEmail();
        await App.SignUpAsync(email);
        var subscriber = await App.SubscriberAsync(email);
        var link = new Uri(Signups.ConfirmLink(await App.LastMailAsync(email))).PathAndQuery;
        var expiredToken = await App.With(services => Task.FromResult(
            services.GetRequiredService<NewsletterLinks>().ConfirmationToken(subscriber!.Id, DateTime.UtcNow.AddMinutes(-1))));
        var token = link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..];
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];

        var expired = await App.Client().GetAsync($"/nyhedsbrev/bekraeft?t={expiredToken}");
        var changed = await App.Client().GetAsync($"/nyhedsbrev/bekraeft?t={tampered}");
        var cut = await App.Client().GetAsync($"/nyhedsbrev/bekraeft?t={token[..20]}");
        var none = await App.Client().GetAsync("/nyhedsbrev/bekraeft");
        var expiredPost = new HttpRequestMessage(HttpMethod.Post, $"/nyhedsbrev/bekraeft?t={expiredToken}") { Content = new FormUrlEncodedContent([]) };
        expiredPost.Headers.Add("Origin", Signups.Origin);
        var postedExpired = await App.Client().SendAsync(expiredPost);

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        var expiredHtml = await Html.ParseAsync(expired);
        Assert.Contains("Linket er udløbet", expiredHtml.QuerySelector("h1")!.TextContent);
        Assert.NotNull(expiredHtml.QuerySelector("main a[href='/nyhedsbrev']"));
        foreach (var bad in new[] { changed, cut, none })
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var html = await Html.ParseAsync(bad);
            Assert.Contains("Linket virker ikke", html.QuerySelector("h1")!.TextContent);
            Assert.NotNull(html.QuerySelector("main a[href='/nyhedsbrev']"));
        }

        Assert.Equal(HttpStatusCode.BadRequest, postedExpired.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await App.SubscriberAsync(email))!.Status);
    }

    [Fact]
    public async Task One_click_unsubscribe_from_the_mail_header_works_without_cookies_antiforgery_or_origin()
    {
        var email = Signups.NewEmail();
        var subscriber = await App.SubscribedAsync(email);
        var header = (await App.MailsAsync(email))[0].ReadHeaders()["List-Unsubscribe"];
        var url = new Uri(header[1..header.IndexOf('>')]);

        // As a mail client sends it (RFC 8058): a bare POST with this one field, no cookie, no Origin.
        using var client = App.Server.CreateClient();
        var response = await client.PostAsync(url.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var again = await client.PostAsync(url.PathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Du er afmeldt", await response.BodyAsync());
        Signups.AssertNoCookie(response);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var after = await App.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Unsubscribed, after!.Status);
        Assert.NotNull(after.UnsubscribedAt);
        Assert.Equal(subscriber.ConfirmedAt, after.ConfirmedAt);

        // The page behind the link asks first, so a link scanner's GET unsubscribes no one.
        var other = Signups.NewEmail();
        var kept = await App.SubscribedAsync(other);
        var page = await App.Client().GetAsync($"/nyhedsbrev/afmeld/{kept.Token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Ja, afmeld mig", await page.BodyAsync());
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(other))!.Status);
    }

    [Fact]
    public async Task Unsubscribing_a_signup_never_confirmed_deletes_it_at_once()
    {
        var email = Signups.NewEmail();
        await App.SignUpAsync(email);
        var subscriber = await App.SubscriberAsync(email);

        var response = await App.Server.CreateClient().PostAsync($"/nyhedsbrev/afmeld/{subscriber!.Token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Din tilmelding er annulleret", await response.BodyAsync());
        Assert.Null(await App.SubscriberAsync(email));
        Assert.Empty(await App.ConsentsAsync(subscriber.Id));
        Assert.Empty(await App.MailsAsync(email));
    }

    [Fact]
    public async Task The_own_page_changes_interests_and_municipality_and_shows_the_consent_record()
    {
        var email = Signups.NewEmail();
        var subscriber = await App.SubscribedAsync(email);
        var path = $"/nyhedsbrev/dig/{subscriber.Token}";

        var page = await App.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Signups.AssertNoCookie(page);
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString());
        var html = await Html.ParseAsync(page);
        Assert.Contains(email, html.QuerySelector("main")!.TextContent);
        var record = html.QuerySelector(".consent-record")!.TextContent;
        Assert.Contains("version 2026-11", record);
        Assert.Contains(ConsentTexts.Current.Text, record);
        Assert.Contains("/nyhedsbrev", record);
        Assert.Contains("Bekræftet", record);
        Assert.NotNull(html.QuerySelector("meta[name=robots][content=noindex]"));

        var missing = await PostOwnPageAsync(path, [new("Form.Name", "Karen"), new("Form.Interests", "arrangementer")]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingHtml = await Html.ParseAsync(missing);
        Assert.Contains("Vælg din kommune", missingHtml.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("Karen", Signups.Field(missingHtml, "Form.Name")!.GetAttribute("value"));

        var saved = await PostOwnPageAsync(path, [new("Form.Name", "Karen"), new("Form.Interests", "arrangementer"), new("Form.Interests", "viden"), new("Form.MunicipalityCode", "751")]);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Dine valg er gemt", await saved.BodyAsync());
        var after = await App.SubscriberAsync(email);
        Assert.Equal(NewsletterInterests.LocalEvents | NewsletterInterests.Research, after!.Interests);
        Assert.Equal(751, after.MunicipalityCode);
        Assert.Equal("Karen", after.Name);

        // New topics are a new consent, confirmed by coming through the link only the subscriber has.
        var consents = await App.ConsentsAsync(after.Id);
        Assert.Equal(2, consents.Count);
        Assert.Equal("/nyhedsbrev/dig", consents[1].SourcePage);
        Assert.Equal(after.Interests, consents[1].Interests);
        Assert.NotNull(consents[1].ConfirmedAt);
        Assert.Equal(2, (await Html.ParseAsync(await App.Client().GetAsync(path))).QuerySelectorAll(".consent-record").Length);

        var crossSite = await PostOwnPageAsync(path, [new("Form.Interests", "kampagnenyt")], origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(NewsletterInterests.LocalEvents | NewsletterInterests.Research, (await App.SubscriberAsync(email))!.Interests);

        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync("/nyhedsbrev/dig/findes-ikke")).StatusCode);
    }

    private Task<HttpResponseMessage> PostOwnPageAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string origin = Signups.Origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", origin);
        return App.Client().SendAsync(request);
    }
}
