using System.Net;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Newsletter;

/// <summary>
/// The public form without an antiforgery cookie: cross-site posts, bots and floods are refused by Origin, honeypot,
/// fill time and rate limit. This app keeps the real minimum fill time.
/// </summary>
public sealed class NewsletterAbuseTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task A_post_from_another_site_or_without_origin_is_refused_403_in_danish_and_nothing_is_stored()
    {
        var email = Signups.NewEmail();
        var fields = Signups.Form(email, "Karen", null, "kampagnenyt");

        var crossSite = await Signups.PostAsync(App.Client(), fields, origin: "https://evil.example");
        var nullOrigin = await Signups.PostAsync(App.Client(), fields, origin: "null");
        var noOrigin = await Signups.PostAsync(App.Client(), fields, origin: null);

        foreach (var response in new[] { crossSite, nullOrigin, noOrigin })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var html = await Html.ParseAsync(response);
            Assert.Contains("anden hjemmeside", html.QuerySelector(".error-summary")!.TextContent);
            Assert.Equal(email, Signups.Field(html, "Form.Email")!.GetAttribute("value"));
            Signups.AssertNoCookie(response);
        }

        Assert.Null(await App.SubscriberAsync(email));
        Assert.Empty(await App.MailsAsync(email));
    }

    [Fact]
    public async Task A_referer_from_the_site_itself_is_accepted_where_the_browser_sent_no_origin()
    {
        var email = Signups.NewEmail();
        var client = App.Client();
        var page = await Html.ParseAsync(await client.GetAsync("/nyhedsbrev"));
        var stamp = Signups.Field(page, "formular_tid")!.GetAttribute("value")!;
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        var request = new HttpRequestMessage(HttpMethod.Post, "/nyhedsbrev")
        {
            Content = new FormUrlEncodedContent([.. Signups.Form(email, null, null, "viden"), new("formular_tid", stamp)]),
        };
        request.Headers.Referrer = new Uri("http://localhost/nyhedsbrev");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await App.SubscriberAsync(email));
    }

    [Fact]
    public async Task The_honeypot_and_a_form_sent_faster_than_a_person_can_are_refused()
    {
        var email = Signups.NewEmail();

        var honeypot = await Signups.PostAsync(App.Client(), [.. Signups.Form(email, null, null, "viden"), new("hjemmeside_2", "http://spam.example")]);
        var tooFast = await Signups.PostAsync(App.Client(), Signups.Form(email, null, null, "viden"));

        Assert.Equal(HttpStatusCode.BadRequest, honeypot.StatusCode);
        Assert.Contains("Formularen kunne ikke sendes", await honeypot.BodyAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooFast.StatusCode);
        Assert.Contains("meget hurtigt", await tooFast.BodyAsync());
        Assert.Null(await App.SubscriberAsync(email));
    }
}

/// <summary>In a class (and app) of its own, so its exhausted limit cannot disturb other tests.</summary>
public sealed class NewsletterRateLimitTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task Signups_are_rate_limited_per_address_with_a_danish_429_while_the_page_still_reads()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await Signups.PostAsync(App.Client(), Signups.Form(Signups.NewEmail(), null, null, "viden"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await Signups.PostAsync(App.Client(), Signups.Form(Signups.NewEmail(), null, null, "viden"));
        Assert.Contains("For mange forsøg", await limited.BodyAsync());
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync("/nyhedsbrev")).StatusCode);
    }
}
