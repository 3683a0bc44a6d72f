using System.Diagnostics;
using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Mail;

/// <summary>
/// Transactional mail goes before bulk: someone who signs up while an issue goes out to thousands gets the
/// confirmation within seconds, not after the issue. Real dispatch, real signup over HTTP, real SMTP server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutboxPriorityTests(ITestOutputHelper output)
{
    private const int Recipients = 2000;

    [Fact]
    public async Task A_signup_confirmation_queued_during_a_big_dispatch_arrives_within_five_seconds_ahead_of_the_issue()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = new DispatchApp();
        app.SendingTo(sink.SmtpPort);
        app.Live.Set("Mail:BatchSize", "20");
        var run = Guid.NewGuid().ToString("N")[..8];
        var id = await app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var now = DateTime.UtcNow;
            for (var i = 0; i < Recipients; i++)
            {
                var subscriber = Subscriber.SignUp($"bulk-{run}-{i}@example.org", null, NewsletterInterests.Campaign, null, now);
                subscriber.Confirm(now);
                db.Subscribers.Add(subscriber);
            }

            var issue = NewsletterIssue.Create("Nyt fra kampagnen", "test@sbst.example", now);
            issue.Edit("Nyt fra kampagnen", [new RichTextBlock("Hej fra kampagnen.")], NewsletterInterests.Campaign, [], "test@sbst.example", now);
            issue.SendNow("test@sbst.example", "http://localhost", now);
            db.NewsletterIssues.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });
        app.Services.GetRequiredService<IssueDispatcher>().Wake();
        var prefix = IssueDispatcher.KeyPrefix(id);

        // The issue is going out, with hundreds of its mails waiting in the outbox.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await CountAsync(app, prefix, OutboxStatus.Pending) < 500 || await CountAsync(app, prefix, OutboxStatus.Sent) < 20)
        {
            Assert.True(DateTime.UtcNow < until, "The dispatch did not get going within 60 s.");
            await Task.Delay(20);
        }

        var email = Signups.NewEmail("midt-i-udsendelsen");
        var waitingAhead = await CountAsync(app, prefix, OutboxStatus.Pending);
        var sentBefore = await CountAsync(app, prefix, OutboxStatus.Sent);
        var clock = Stopwatch.StartNew();
        var signup = await app.SignUpAsync(email);
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        var acknowledged = clock.Elapsed;

        var confirmation = await sink.WaitForSubjectAsync(email, "Bekræft din tilmelding til nyhedsbrevet", TimeSpan.FromSeconds(5));
        var arrived = clock.Elapsed - acknowledged;
        var sentMeanwhile = await CountAsync(app, prefix, OutboxStatus.Sent) - sentBefore;
        output.WriteLine($"Confirmation arrived {arrived.TotalSeconds:N2} s after the signup was acknowledged; {waitingAhead:N0} issue mails " +
            $"waited in the outbox at the signup, {sentMeanwhile:N0} of them were sent before it arrived.");

        Assert.Contains("Bekræft tilmelding", confirmation.Text);
        Assert.True(arrived < TimeSpan.FromSeconds(5), $"The confirmation took {arrived.TotalSeconds:N1} s.");
        // Overtook the issue mail already waiting rather than queueing behind it.
        Assert.True(sentMeanwhile < waitingAhead, $"All {waitingAhead} issue mails that waited at the signup were sent before the confirmation.");
        Assert.Equal(MailPriority.Transactional, (await app.LastMailAsync(email)).Priority);
        Assert.True(await app.With(services => services.GetRequiredService<CampaignDb>().OutboxMessages
            .Where(m => m.IdempotencyKey.StartsWith(prefix)).AllAsync(m => m.Priority == MailPriority.Bulk)));
        Assert.True(app.Errors.IsEmpty, "Logged at error level:\n" + string.Join("\n", app.Errors));
    }

    private static Task<int> CountAsync(CampaignApp app, string prefix, OutboxStatus status) => app.With(services =>
        services.GetRequiredService<CampaignDb>().OutboxMessages.CountAsync(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == status));
}
