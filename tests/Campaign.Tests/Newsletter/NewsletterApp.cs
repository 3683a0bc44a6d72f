using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>The app with the bot checks relaxed (no minimum fill time, generous rate limits), so tests can post at once.</summary>
public sealed class NewsletterApp : CampaignApp
{
    public NewsletterApp() => With("Abuse:MinimumFillSeconds", "0")
        .With("Abuse:NewsletterPermitsPer10Minutes", "1000")
        .With("Abuse:SignInPermitsPerMinute", "1000");
}

/// <summary>Signs up as a browser does: read the form from the page, fill it in, post it with the page's Origin.</summary>
public static partial class Signups
{
    public const string Origin = "http://localhost";

    public static string NewEmail(string prefix = "abonnent") => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}@example.org";

    /// <summary>The form on <paramref name="pageUrl"/> (its hidden fields: stamp, honeypot, source), filled with the fields and interests given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> fields, string pageUrl = "/nyhedsbrev", string? origin = Origin)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = (await Html.ParseAsync(page)).QuerySelectorAll("form[action='/nyhedsbrev']").OfType<IHtmlFormElement>().First();
        var given = fields.ToList();
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Where(h => given.All(f => f.Key != h.Key))
            .Concat(given);
        var request = new HttpRequestMessage(HttpMethod.Post, "/nyhedsbrev") { Content = new FormUrlEncodedContent(values) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SignUpAsync(this CampaignApp app, string email, string interest = "kampagnenyt", string? municipality = null, string? name = "Karen Nielsen") =>
        PostAsync(app.Client(), Form(email, name, municipality, interest));

    public static List<KeyValuePair<string, string>> Form(string email, string? name, string? municipality, params string[] interests)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Form.Email", email), new("Form.Name", name ?? "") };
        fields.AddRange(interests.Select(i => new KeyValuePair<string, string>("Form.Interests", i)));
        if (municipality is not null)
        {
            fields.Add(new("Form.MunicipalityCode", municipality));
        }

        return fields;
    }

    /// <summary>Signs up, opens the link in the confirmation mail and presses the button; returns the subscriber.</summary>
    public static async Task<Subscriber> SubscribedAsync(this CampaignApp app, string email, string interest = "kampagnenyt")
    {
        Assert.Equal(HttpStatusCode.OK, (await app.SignUpAsync(email, interest, interest == "arrangementer" ? "175" : null)).StatusCode);
        var confirmed = await ConfirmAsync(app.Client(), ConfirmLink(await app.LastMailAsync(email)));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var subscriber = await app.SubscriberAsync(email);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber!.Status);
        return subscriber;
    }

    /// <summary>Opens the link (which only asks) and presses the button on the page it shows.</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string link)
    {
        var path = new Uri(link).PathAndQuery;
        var ask = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var action = (await Html.ParseAsync(ask)).QuerySelector("main form[method=post]")!.GetAttribute("action")!;
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", Origin);
        return await client.SendAsync(request);
    }

    public static Task<Subscriber?> SubscriberAsync(this CampaignApp app, string email) => app.With(services =>
        services.GetRequiredService<CampaignDb>().Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Email == email));

    public static Task<List<ConsentRecord>> ConsentsAsync(this CampaignApp app, Guid subscriberId) => app.With(services =>
        services.GetRequiredService<CampaignDb>().ConsentRecords.AsNoTracking().Where(c => c.SubscriberId == subscriberId).OrderBy(c => c.ConsentedAt).ToListAsync());

    public static Task<List<OutboxMessage>> MailsAsync(this CampaignApp app, string email) => app.With(services =>
        services.GetRequiredService<CampaignDb>().OutboxMessages.AsNoTracking().Where(m => m.ToAddress == email).OrderBy(m => m.CreatedAt).ToListAsync());

    public static async Task<OutboxMessage> LastMailAsync(this CampaignApp app, string email) => (await app.MailsAsync(email)).Last();

    public static string ConfirmLink(OutboxMessage mail) => ConfirmLinkPattern().Match(mail.TextBody).Value;

    public static string ManageLink(OutboxMessage mail) => ManageLinkPattern().Match(mail.TextBody).Value;

    public static async Task<string> BodyAsync(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static void AssertNoCookie(HttpResponseMessage response) =>
        Assert.False(response.Headers.Contains("Set-Cookie"), $"{response.RequestMessage?.RequestUri} set a cookie: {string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var v) ? v : [])}");

    public static IElement? Field(IDocument html, string name) => html.QuerySelector($"main [name='{name}']");

    [GeneratedRegex(@"https?://\S+/nyhedsbrev/bekraeft\?t=\S+")]
    private static partial Regex ConfirmLinkPattern();

    [GeneratedRegex(@"https?://\S+/nyhedsbrev/dig/\S+")]
    private static partial Regex ManageLinkPattern();
}
