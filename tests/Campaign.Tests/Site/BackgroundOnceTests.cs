using Campaign.Tests.Infrastructure;
using Campaign.Tests.Mail;
using Campaign.Tests.Newsletter;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.BackOffice.Scheduling;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Campaign.Tests.Site;

/// <summary>
/// Two app nodes on one PostgreSQL database, both running every background loop and polling hard: the outbox, a
/// scheduled publish, a newsletter dispatch and the editors' morning digest each take effect exactly once. Only
/// meaningful with a shared database, so test.sh runs it in the PostgreSQL suite only.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class BackgroundOnceTests(ITestOutputHelper output)
{
    private const string DigestSubject = "Det venter på moderation i dag";

    [Fact]
    public async Task With_two_nodes_up_each_background_job_takes_effect_once()
    {
        var sink = await SmtpSink.GetAsync();

        // One clock for both nodes, set shortly before 08:00 in Copenhagen, so both digest loops wake at the same moment.
        var clock = new ShiftedClock();
        var eight = CopenhagenTime.ToUtc(CopenhagenTime.Today(TimeProvider.System).AddDays(1), new TimeOnly(8, 0))!.Value;
        clock.Advance(eight - DateTime.UtcNow - TimeSpan.FromSeconds(40));
        await using var first = Node(new CampaignApp(), sink, clock);
        _ = first.Server;
        await using var second = Node(CampaignApp.SecondNode(first), sink, clock);
        _ = second.Server;
        var run = Guid.NewGuid().ToString("N")[..8];

        // What waits for the digest, and the staff member it goes to.
        var editor = SmtpSink.Recipient("redaktion");
        await first.SaveEventAsync(EventBuilder.On($"Venter på godkendelse {run}", EventBuilder.Roedovre, EventBuilder.Today.AddDays(5)), EventStatus.Pending);
        await first.With(async services =>
        {
            var users = services.GetRequiredService<UserManager<CampaignUser>>();
            var user = new CampaignUser { UserName = editor, Email = editor, EmailConfirmed = true, DisplayName = "Mette Moderator", CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, Portal.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Moderator)).Succeeded);
            return 0;
        });

        // A page planned to be published in two seconds.
        var (page, _) = await first.CreateAsync(Pages.UniqueName("Planlagt"), Pages.Text("Kommer snart."), publish: false);
        await first.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            db.ScheduledActions.Add(ScheduledAction.For(page, ScheduledKind.Publish, now.AddSeconds(2), "test@sbst.example", now));
            return await db.SaveChangesAsync();
        });

        // Forty mails straight into the outbox, and an issue to sixty subscribers.
        var direct = Enumerable.Range(0, 40).Select(_ => SmtpSink.Recipient("direkte")).ToList();
        var readers = Enumerable.Range(0, 60).Select(i => $"laeser-{run}-{i}@example.org").ToList();
        var issueId = await first.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var outbox = services.GetRequiredService<Outbox>();
            foreach (var to in direct)
            {
                outbox.Enqueue(MailApp.Mail(to));
            }

            var now = DateTime.UtcNow;
            foreach (var email in readers)
            {
                var subscriber = Subscriber.SignUp(email, null, NewsletterInterests.Campaign, null, now);
                subscriber.Confirm(now);
                db.Subscribers.Add(subscriber);
            }

            var issue = NewsletterIssue.Create($"To noder {run}", "test@sbst.example", now);
            issue.Edit($"To noder {run}", [new RichTextBlock("Hej fra kampagnen.")], NewsletterInterests.Campaign, [], "test@sbst.example", now);
            issue.SendNow("test@sbst.example", "http://localhost", now);
            db.NewsletterIssues.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });

        foreach (var to in direct.Concat(readers))
        {
            await sink.WaitForAsync(to, timeout: TimeSpan.FromSeconds(60));
        }

        await first.WaitUntilSentAsync(issueId, TimeSpan.FromSeconds(60));
        await sink.WaitForSubjectAsync(editor, DigestSubject, TimeSpan.FromSeconds(90));

        // Late duplicates would arrive within moments of the originals.
        await Task.Delay(1500);
        var counts = new Dictionary<string, int>();
        foreach (var to in direct.Concat(readers))
        {
            counts[to] = (await sink.MessagesToAsync(to)).Count;
        }

        var digests = (await sink.MessagesToAsync(editor)).Count(m => m.Subject == DigestSubject);
        var sentBy = await first.With(services => services.GetRequiredService<CampaignDb>().AuditEntries
            .CountAsync(a => a.ItemId == page && a.Action == "Udgav side (planlagt)"));
        output.WriteLine($"Outbox mails at the sink: {counts.Values.Sum()} for {counts.Count} messages; digests: {digests}; scheduled publishes: {sentBy}.");

        Assert.All(counts, c => Assert.True(c.Value == 1, $"{c.Key} got {c.Value} mails."));
        Assert.Equal(1, digests);
        Assert.Equal(1, sentBy);
        Assert.Equal(ScheduledStatus.Done, await first.With(services => services.GetRequiredService<CampaignDb>().ScheduledActions
            .Where(a => a.NodeId == page).Select(a => a.Status).SingleAsync()));
        Assert.True(first.Errors.IsEmpty, "Node 1 logged at error level:\n" + string.Join("\n", first.Errors));
        Assert.True(second.Errors.IsEmpty, "Node 2 logged at error level:\n" + string.Join("\n", second.Errors));
    }

    /// <summary>A node that sends to the sink and polls every loop often, so the two nodes contend for each job.</summary>
    private static CampaignApp Node(CampaignApp app, SmtpSink sink, TimeProvider clock) =>
        DispatchSettings.Apply(app)
            .With("Smtp:Port", sink.SmtpPort.ToString())
            .With("Mail:BatchSize", "5")
            .With("Scheduling:PollInterval", "00:00:00.100")
            .UseClock(clock);
}
