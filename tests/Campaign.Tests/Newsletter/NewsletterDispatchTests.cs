using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Mail;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>The app sending to the real SMTP sink, with the signup's bot checks relaxed and a fast dispatch.</summary>
public sealed class DispatchApp : MailApp
{
    public DispatchApp()
    {
        DispatchSettings.Apply(this);
        With("Abuse:MinimumFillSeconds", "0").With("Abuse:NewsletterPermitsPer10Minutes", "1000").With("Abuse:SignInPermitsPerMinute", "1000");
    }
}

public static class DispatchSettings
{
    /// <summary>Polls often and queues fast, so a test waits for the mail, not for timers.</summary>
    public static CampaignApp Apply(CampaignApp app, int messagesPerSecond = 10_000) => app
        .With("Smtp:Host", "127.0.0.1")
        .With("Mail:PollInterval", "00:00:00.050")
        .With("Mail:BatchSize", "50")
        .With("Newsletter:MessagesPerSecond", messagesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Newsletter:PollInterval", "00:00:00.100");

    public static Task<NewsletterIssue> IssueAsync(this CampaignApp app, Guid id) => app.With(services =>
        services.GetRequiredService<CampaignDb>().NewsletterIssues.AsNoTracking().SingleAsync(i => i.Id == id));

    public static async Task<NewsletterIssue> WaitUntilSentAsync(this CampaignApp app, Guid id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var issue = await app.IssueAsync(id);
            if (issue.Status == IssueStatus.Sent)
            {
                return issue;
            }

            if (DateTime.UtcNow > until)
            {
                var prefix = IssueDispatcher.KeyPrefix(id);
                var waiting = await app.With(services => services.GetRequiredService<CampaignDb>().OutboxMessages.AsNoTracking()
                    .Where(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == Campaign.Web.Features.Mail.OutboxStatus.Pending).Take(5).ToListAsync());
                Assert.Fail($"Issue {id} is still {issue.Status}: queued {issue.Queued} of {issue.Recipients}; waiting: " +
                    string.Join("; ", waiting.Select(m => $"attempts={m.Attempts} lease={m.LeaseOwner} until={m.LeaseUntil:O} next={m.NextAttemptAt:O} error={m.LastError}")));
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>
/// The newsletter from signup to inbox, on the real SMTP server of the test script: composed in the back office,
/// sent to a segment, personalised per municipality, with the RFC 8058 headers that unsubscribe with one POST.
/// </summary>
public sealed class NewsletterDispatchTests(DispatchApp app) : IntegrationTest<DispatchApp>(app)
{
    private static string Unique(string title) => $"{title} {Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task A_segment_send_arrives_personalised_with_one_click_unsubscribe()
    {
        var sink = await SmtpSink.GetAsync();
        App.SendingTo(sink.SmtpPort);
        var day = EventBuilder.Today.AddDays(10);
        var inRoedovre = Unique("Strikkecafé i Rødovre");
        var inAarhus = Unique("Gåtur ved Aarhus Å");
        await App.PublishAsync(EventBuilder.On(inRoedovre, EventBuilder.Roedovre, day));
        await App.PublishAsync(EventBuilder.On(inAarhus, EventBuilder.Aarhus, day));

        // Signup → confirmation mail at the SMTP server → confirm, as a reader does.
        var karen = SmtpSink.Recipient("karen");
        var jens = SmtpSink.Recipient("jens");
        var outside = SmtpSink.Recipient("research");
        await SubscribeThroughMailAsync(sink, karen, "arrangementer", EventBuilder.Roedovre.ToString());
        await SubscribeThroughMailAsync(sink, jens, "arrangementer", EventBuilder.Aarhus.ToString());
        await SubscribeThroughMailAsync(sink, outside, "viden", null);

        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await ComposeAsync(editor, "Nyt fra Tal om ensomhed", [EventBuilder.Roedovre, EventBuilder.Aarhus]);
        var send = await Forms.PostAsync(editor, $"/redaktion/nyhedsbrev/{id}", [], $"/redaktion/nyhedsbrev/{id}?handler=Send");
        Assert.Equal(HttpStatusCode.Redirect, send.StatusCode);
        await App.WaitUntilSentAsync(id);

        var karensMail = (await sink.WaitForAsync(karen, 2)).Single(m => m.Subject == "Nyt fra Tal om ensomhed");
        var jensMail = (await sink.WaitForAsync(jens, 2)).Single(m => m.Subject == "Nyt fra Tal om ensomhed");
        Assert.Contains(inRoedovre, karensMail.Text);
        Assert.DoesNotContain(inAarhus, karensMail.Text);
        Assert.Contains(inRoedovre, karensMail.Html);
        Assert.Contains("Kommende arrangementer i Rødovre Kommune", karensMail.Text);
        Assert.Contains(inAarhus, jensMail.Text);
        Assert.DoesNotContain(inRoedovre, jensMail.Text);
        Assert.Contains("Vi ses derude", karensMail.Text);
        Assert.DoesNotContain(await sink.MessagesToAsync(outside), m => m.Subject == "Nyt fra Tal om ensomhed");

        // RFC 8058: the https address in List-Unsubscribe takes a POST of List-Unsubscribe=One-Click, with nothing else.
        var headers = Unfolded(karensMail);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", headers);
        var listUnsubscribe = headers.Single(h => h.StartsWith("List-Unsubscribe:", StringComparison.Ordinal));
        var url = System.Text.RegularExpressions.Regex.Match(listUnsubscribe, "<(https?://[^>]+/nyhedsbrev/afmeld/[^>]+)>").Groups[1].Value;
        Assert.NotEmpty(url);
        Assert.Contains(new Uri(url).AbsolutePath, karensMail.Text);
        var oneClick = await App.CreateClient().PostAsync(new Uri(url).PathAndQuery,
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await App.SubscriberAsync(karen))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(jens))!.Status);

        var report = await App.With(async services =>
            await IssueReport.ForAsync(services.GetRequiredService<CampaignDb>(), await App.IssueAsync(id), default));
        Assert.Equal((2, 0, 1), (report.Sent, report.Failed, report.UnsubscribedSince));
    }

    [Fact]
    public async Task A_refused_address_becomes_undeliverable_and_counts_as_failed()
    {
        var sink = await SmtpSink.GetAsync();
        App.SendingTo(sink.SmtpPort);
        var good = SmtpSink.Recipient("god");
        var refused = SmtpSink.Recipient("refuse");
        await SubscribeThroughOutboxAsync(good, "viden");
        await SubscribeThroughOutboxAsync(refused, "viden");

        var (editor, _) = await App.StaffSignedInAsync(Roles.Administrator);
        var id = await ComposeAsync(editor, "Ny viden om ensomhed", [], interest: "viden");
        await Forms.PostAsync(editor, $"/redaktion/nyhedsbrev/{id}", [], $"/redaktion/nyhedsbrev/{id}?handler=Send");
        await App.WaitUntilSentAsync(id);

        Assert.Single(await sink.WaitForAsync(good, 1), m => m.Subject == "Ny viden om ensomhed");
        Assert.Equal(SubscriberStatus.Undeliverable, (await App.SubscriberAsync(refused))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(good))!.Status);

        var page = await Html.ParseAsync(await editor.GetAsync($"/redaktion/nyhedsbrev/{id}"));
        Assert.Equal("1", page.QuerySelector("[data-field=failed]")!.TextContent);
        Assert.Equal("Sendt", page.QuerySelector("[data-field=status]")!.TextContent);
        var list = await (await editor.GetAsync("/redaktion/nyhedsbrev")).Content.ReadAsStringAsync();
        Assert.Contains("Ny viden om ensomhed", list);
    }

    [Fact]
    public async Task Preview_as_a_subscriber_and_a_test_to_oneself_show_that_subscribers_events()
    {
        var sink = await SmtpSink.GetAsync();
        App.SendingTo(sink.SmtpPort);
        var title = Unique("Fællesspisning i Hvidovre");
        await App.PublishAsync(EventBuilder.On(title, EventBuilder.Hvidovre, EventBuilder.Today.AddDays(5)));
        var reader = SmtpSink.Recipient("laeser");
        var subscriber = await SubscribeThroughOutboxAsync(reader, "arrangementer", EventBuilder.Hvidovre.ToString());

        var (editor, email) = await App.StaffSignedInAsync(Roles.Moderator);
        var id = await ComposeAsync(editor, "Prøv mig", []);
        var search = await Html.ParseAsync(await editor.GetAsync($"/redaktion/nyhedsbrev/{id}?som={Uri.EscapeDataString(reader[..12])}"));
        var link = search.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).Single(h => h is not null && h.Contains(subscriber.Id.ToString()));
        var preview = await editor.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains(title, await preview.Content.ReadAsStringAsync());
        Assert.Contains("sandbox", preview.Headers.GetValues("Content-Security-Policy").Single());

        var test = await Forms.PostAsync(editor, $"/redaktion/nyhedsbrev/{id}", [new("kommune", EventBuilder.Hvidovre.ToString())], $"/redaktion/nyhedsbrev/{id}?handler=Test");
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        var mail = (await sink.WaitForAsync(email, 1)).Single();
        Assert.Equal("[Prøve] Prøv mig", mail.Subject);
        Assert.Contains(title, mail.Text);
        Assert.Equal(IssueStatus.Draft, (await App.IssueAsync(id)).Status);
        Assert.DoesNotContain(await sink.MessagesToAsync(reader), m => m.Subject.Contains("Prøv mig"));
    }

    [Fact]
    public async Task A_scheduled_issue_goes_out_when_its_time_comes()
    {
        var sink = await SmtpSink.GetAsync();
        App.SendingTo(sink.SmtpPort);
        var reader = SmtpSink.Recipient("planlagt");
        await SubscribeThroughOutboxAsync(reader, "kampagnenyt");
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await ComposeAsync(editor, "Planlagt udsendelse", [], interest: "kampagnenyt");
        var at = CopenhagenTime.ToLocal(DateTime.UtcNow.AddHours(2));
        var scheduled = await Forms.PostAsync(editor, $"/redaktion/nyhedsbrev/{id}", [new("dato", at.ToString("yyyy-MM-dd")), new("tid", at.ToString("HH:mm"))], $"/redaktion/nyhedsbrev/{id}?handler=Schedule");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        Assert.Equal(IssueStatus.Scheduled, (await App.IssueAsync(id)).Status);
        await Task.Delay(300);
        Assert.DoesNotContain(await sink.MessagesToAsync(reader), m => m.Subject == "Planlagt udsendelse");

        App.Clock.Advance(TimeSpan.FromHours(3));
        await App.WaitUntilSentAsync(id);
        Assert.Single(await sink.WaitForAsync(reader, 1), m => m.Subject == "Planlagt udsendelse");
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries
            .AnyAsync(e => e.ItemId == id && e.Action == "Planlagde nyhedsbrev")));
    }

    [Fact]
    public async Task Only_staff_reach_the_composer_and_only_editors_send()
    {
        Assert.StartsWith("/redaktion/log-ind", (await App.Client().GetAsync("/redaktion/nyhedsbrev")).Headers.Location?.OriginalString);

        var (member, _) = await App.RegisterAndSignInAsync();
        var denied = await member.GetAsync("/redaktion/nyhedsbrev");
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden || denied.Headers.Location?.AbsolutePath == "/fejl/403", $"got {denied.StatusCode} {denied.Headers.Location}");

        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);
        await SubscribeThroughOutboxAsync(SmtpSink.Recipient("modtager"), "kampagnenyt");
        var id = await ComposeAsync(moderator, "Moderatorens kladde", [], interest: "kampagnenyt");
        var send = await Forms.PostAsync(moderator, $"/redaktion/nyhedsbrev/{id}", [], $"/redaktion/nyhedsbrev/{id}?handler=Send");
        Assert.True(send.StatusCode is HttpStatusCode.Forbidden || send.Headers.Location?.AbsolutePath == "/fejl/403", $"got {send.StatusCode} {send.Headers.Location}");
        Assert.Equal(IssueStatus.Draft, (await App.IssueAsync(id)).Status);
    }

    /// <summary>Creates an issue in the composer with a text block and the events block, for a segment.</summary>
    private async Task<Guid> ComposeAsync(HttpClient editor, string subject, int[] municipalities, string interest = "arrangementer")
    {
        var created = await Forms.PostAsync(editor, "/redaktion/nyhedsbrev", [new("emne", subject)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Subject", subject),
            new("interesser", interest),
            new("Blocks.Count", "2"),
            new("Blocks[0].type", "richText"),
            new("Blocks[0].html", "## Vi ses derude\n\nLæs mere på [vores side](/om-kampagnen)."),
            new("Blocks[1].type", "upcomingEvents"),
            new("Blocks[1].heading", ""),
            new("Blocks[1].count", "3"),
            new("action", "gem"),
        };
        fields.AddRange(municipalities.Select(m => new KeyValuePair<string, string>("kommuner", m.ToString())));
        var saved = await Forms.PostAsync(editor, url, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        return Guid.Parse(url.Split('/')[^1]);
    }

    private async Task SubscribeThroughMailAsync(SmtpSink sink, string email, string interest, string? municipality)
    {
        Assert.Equal(HttpStatusCode.OK, (await App.SignUpAsync(email, interest, municipality)).StatusCode);
        var confirmation = (await sink.WaitForAsync(email, 1)).Single();
        var link = System.Text.RegularExpressions.Regex.Match(confirmation.Text, @"https?://\S+/nyhedsbrev/bekraeft\?t=\S+").Value;
        Assert.Equal(HttpStatusCode.OK, (await Signups.ConfirmAsync(App.Client(), link)).StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, (await App.SubscriberAsync(email))!.Status);
    }

    /// <summary>
    /// Signs up and confirms with a link signed as the confirmation mail's is (for addresses the sink refuses, whose
    /// confirmation never arrives, and whose outbox row loses its body once it is given up).
    /// </summary>
    private async Task<Subscriber> SubscribeThroughOutboxAsync(string email, string interest, string? municipality = null)
    {
        Assert.Equal(HttpStatusCode.OK, (await App.SignUpAsync(email, interest, municipality)).StatusCode);
        var pending = (await App.SubscriberAsync(email))!;
        var token = App.Services.GetRequiredService<NewsletterLinks>().ConfirmationToken(pending.Id, DateTime.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.OK, (await Signups.ConfirmAsync(App.Client(), $"http://localhost/nyhedsbrev/bekraeft?t={Uri.EscapeDataString(token)}")).StatusCode);
        return (await App.SubscriberAsync(email))!;
    }

    /// <summary>The raw header lines with folded continuations joined.</summary>
    private static List<string> Unfolded(SinkMessage message) =>
        message.RawHeaders.Select(h => System.Text.RegularExpressions.Regex.Replace(h, @"\r?\n[ \t]+", " ")).ToList();
}
