using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;
using Campaign.Web.Features.Mail;

namespace Campaign.Tests.Site;

/// <summary>The app as production runs it (not Development), with the bot checks relaxed so tests can post at once.</summary>
public class HostHeaderApp : CampaignApp
{
    public HostHeaderApp() => With("Abuse:MinimumFillSeconds", "0")
        .With("Abuse:NewsletterPermitsPer10Minutes", "1000")
        .With("Abuse:SignInPermitsPerMinute", "1000")
        .With("Abuse:SubmitPermitsPer10Minutes", "1000");
}

/// <summary>
/// A stranger who sends <c>Host: evil.example</c> must not get mail whose links lead to evil.example: outside
/// Development the app answers an unknown host with 400, and every absolute link comes from Site:BaseUrl.
/// </summary>
public sealed partial class HostHeaderTests(HostHeaderApp app) : IntegrationTest<HostHeaderApp>(app)
{
    private const string Hostile = "evil.example";

    [Fact]
    public async Task A_newsletter_signup_sent_with_a_hostile_host_header_is_refused_and_queues_no_mail()
    {
        var email = Signups.NewEmail("vaert");

        var response = await PostFromHostAsync(App, Hostile, "/nyhedsbrev", "form[action='/nyhedsbrev']", Signups.Form(email, "Karen", null, "kampagnenyt"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await App.MailsAsync(email));
        Assert.Null(await App.SubscriberAsync(email));
    }

    [Fact]
    public async Task A_password_reset_asked_for_with_a_hostile_host_header_is_refused_and_queues_no_mail()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var response = await PostFromHostAsync(App, Hostile, "/forening/glemt-adgangskode", "main form[method=post]", [new("Email", email)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await App.MailsAsync(email), m => m.Subject == "Nulstil din adgangskode");
    }

    [Fact]
    public async Task The_host_the_site_is_configured_with_is_served()
    {
        var response = await App.Client().GetAsync("http://localhost/nyhedsbrev");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_every_host_allowed_the_links_in_signup_and_reset_mail_still_lead_to_the_configured_site()
    {
        // An operator who sets AllowedHosts to "*" (a proxy in front checks the host) still gets links on Site:BaseUrl.
        await using var open = new HostHeaderApp().With("AllowedHosts", "*").With("Site:BaseUrl", "https://talomensomhed.example");
        var subscriber = Signups.NewEmail("vaert");
        var (_, member) = await open.RegisterAndSignInAsync();

        var signup = await PostFromHostAsync(open, Hostile, "/nyhedsbrev", "form[action='/nyhedsbrev']", Signups.Form(subscriber, "Karen", null, "kampagnenyt"));
        var reset = await PostFromHostAsync(open, Hostile, "/forening/glemt-adgangskode", "main form[method=post]", [new("Email", member)]);

        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var confirmation = Assert.Single(await open.MailsAsync(subscriber));
        var resetMail = Assert.Single(await open.MailsAsync(member), m => m.Subject == "Nulstil din adgangskode");
        foreach (var mail in new[] { confirmation, resetMail })
        {
            var links = Links(mail).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, link => Assert.StartsWith("https://talomensomhed.example/", link, StringComparison.Ordinal));
            Assert.DoesNotContain(Hostile, mail.TextBody + mail.HtmlBody + mail.Headers, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(Links(resetMail), l => l.StartsWith("https://talomensomhed.example/forening/ny-adgangskode?", StringComparison.Ordinal));
        Assert.Contains(Links(confirmation), l => l.StartsWith("https://talomensomhed.example/nyhedsbrev/bekraeft?t=", StringComparison.Ordinal));
        Assert.Empty(open.Errors);
    }

    [Fact]
    public async Task With_every_host_allowed_feeds_the_sitemap_and_the_embed_code_still_name_the_configured_site()
    {
        await using var open = new HostHeaderApp().With("AllowedHosts", "*").With("Site:BaseUrl", "https://talomensomhed.example");
        using var client = open.CreateClient(new() { BaseAddress = new Uri($"http://{Hostile}"), AllowAutoRedirect = false });

        foreach (var url in new[] { "/sitemap.xml", "/robots.txt", "/feed.xml", "/arrangementer?kommune=roedovre", "/" })
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("https://talomensomhed.example/", body, StringComparison.Ordinal);
            Assert.DoesNotContain(Hostile, body, StringComparison.OrdinalIgnoreCase);
        }

        var embed = (await Html.ParseAsync(await client.GetAsync("/arrangementer?kommune=roedovre"))).QuerySelector("#embed-code")?.TextContent;
        Assert.Contains("<iframe src=\"https://talomensomhed.example/embed/arrangementer?kommune=175\"", embed);
        Assert.Empty(open.Errors);
    }

    /// <summary>Every http(s) address in the mail's text, HTML and headers (List-Unsubscribe).</summary>
    private static IEnumerable<string> Links(OutboxMessage mail) =>
        AbsoluteUrl().Matches(mail.TextBody + "\n" + mail.HtmlBody + "\n" + mail.Headers).Select(m => m.Value);

    /// <summary>
    /// Reads the form from the site as a browser would (its hidden fields and cookies), then posts it with another Host
    /// header and a matching Origin, as someone crafting the request by hand does.
    /// </summary>
    private static async Task<HttpResponseMessage> PostFromHostAsync(CampaignApp app, string host, string pageUrl, string formSelector, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = (await Html.ParseAsync(page)).QuerySelectorAll(formSelector).OfType<IHtmlFormElement>().First();
        var given = fields.ToList();
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Where(h => given.All(f => f.Key != h.Key))
            .Concat(given);
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{host}{pageUrl}") { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", $"http://{host}");
        if (page.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        }

        return await client.SendAsync(request);
    }

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex AbsoluteUrl();
}
