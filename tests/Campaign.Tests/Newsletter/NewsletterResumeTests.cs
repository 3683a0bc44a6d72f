using Campaign.Tests.Infrastructure;
using Campaign.Tests.Mail;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Newsletter;

/// <summary>
/// A node dies in the middle of sending an issue to 2,000 subscribers, and another node on the same database finishes
/// it: every recipient has exactly one copy at the SMTP server, nobody none.
/// </summary>
public sealed class NewsletterResumeTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private const int Recipients = 2000;

    [Fact]
    public async Task Stopping_a_node_mid_dispatch_and_starting_another_sends_each_recipient_exactly_one()
    {
        var sink = await SmtpSink.GetAsync();
        var run = Guid.NewGuid().ToString("N")[..8];

        // Slow enough that the first node is stopped with most of the issue still to queue.
        var first = Node(sink, messagesPerSecond: 100);
        // The site comes back as three nodes, after the first node's outbox leases have run out, as after a crash: the
        // mails the first node had claimed but not sent are taken over, the ones it sent are not sent again. Three nodes
        // send three mails at a time; each sends one at a time, one SMTP connection per mail.
        var later = new ShiftedClock();
        later.Advance(TimeSpan.FromMinutes(11));
        var restarted = Enumerable.Range(0, 3).Select(_ => Node(sink, messagesPerSecond: 5000).With("uSync:ImportAtStart", "false").UseClock(later)).ToList();
        var second = restarted[0];
        try
        {
            var (id, addresses) = await first.With(async services =>
            {
                var db = services.GetRequiredService<CampaignDb>();
                var now = DateTime.UtcNow;
                var codes = new[] { 101, 147, 175, 751, 851 };
                var emails = new List<string>();
                for (var i = 0; i < Recipients; i++)
                {
                    var email = $"resume-{run}-{i}@example.org";
                    var subscriber = Subscriber.SignUp(email, null, NewsletterInterests.LocalEvents, codes[i % codes.Length], now);
                    subscriber.Confirm(now);
                    db.Subscribers.Add(subscriber);
                    emails.Add(email);
                }

                var issue = NewsletterIssue.Create("Genoptaget udsendelse", "test@sbst.example", now);
                issue.Edit("Genoptaget udsendelse", [new RichTextBlock("Hej fra kampagnen."), new UpcomingEventsBlock()], NewsletterInterests.LocalEvents, [], "test@sbst.example", now);
                issue.SendNow("test@sbst.example", "http://localhost", now);
                db.NewsletterIssues.Add(issue);
                await db.SaveChangesAsync();
                return (issue.Id, emails);
            });
            var prefix = IssueDispatcher.KeyPrefix(id);

            // Let the first node queue and send a part, then stop it as a deploy or a crash would.
            var until = DateTime.UtcNow.AddSeconds(30);
            int queuedAtStop;
            while (true)
            {
                queuedAtStop = await CountAsync(first, prefix, null);
                if (queuedAtStop >= 150 && await CountAsync(first, prefix, OutboxStatus.Sent) >= 20)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < until, $"The first node queued only {queuedAtStop} mails in 30 s.");
                await Task.Delay(20);
            }

            await first.DisposeAsync();
            foreach (var node in restarted)
            {
                _ = node.Services;
            }

            Assert.InRange(queuedAtStop, 150, Recipients - 1);

            var issue = await second.WaitUntilSentAsync(id, TimeSpan.FromSeconds(240));
            Assert.Equal(Recipients, issue.Queued);
            Assert.Equal(Recipients, await CountAsync(second, prefix, OutboxStatus.Sent));

            // Every address once at the SMTP server: asked per address, a few at a time.
            var counts = new int[addresses.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, addresses.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                counts[i] = (await sink.MessagesToAsync(addresses[i])).Count);
            var wrong = addresses.Select((a, i) => (a, counts[i])).Where(x => x.Item2 != 1).Take(10).ToList();
            Assert.True(wrong.Count == 0, "Not exactly one mail: " + string.Join(", ", wrong.Select(w => $"{w.a}={w.Item2}")));
            Assert.All(restarted, node => Assert.True(node.Errors.IsEmpty, "Logged at error level:\n" + string.Join("\n", node.Errors)));
            Assert.True(first.Errors.IsEmpty, "Logged at error level:\n" + string.Join("\n", first.Errors));
        }
        finally
        {
            foreach (var node in restarted)
            {
                await node.DisposeAsync();
            }

            await first.DisposeAsync();
        }
    }

    private CampaignApp Node(SmtpSink sink, int messagesPerSecond) =>
        DispatchSettings.Apply(CampaignApp.SecondNode(App), messagesPerSecond).With("Smtp:Port", sink.SmtpPort.ToString());

    private static Task<int> CountAsync(CampaignApp node, string prefix, OutboxStatus? status) => node.With(services =>
        services.GetRequiredService<CampaignDb>().OutboxMessages.CountAsync(m => m.IdempotencyKey.StartsWith(prefix) && (status == null || m.Status == status)));
}
