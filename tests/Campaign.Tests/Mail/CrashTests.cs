using System.Collections.Concurrent;
using System.Diagnostics;
using Campaign.Tests.Newsletter;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit.Abstractions;

namespace Campaign.Tests.Mail;

/// <summary>
/// The app as a real process killed with SIGKILL and started again on the same SQLite file: nothing acknowledged is
/// lost, and the mail the dead process had claimed is sent after its short lease runs out, well within a minute.
/// Each test prints what was in flight at the kill. Runs in test.sh's SQLite suite (Category=Crash).
/// </summary>
[Trait("Category", "Crash")]
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("campaign-crash-").FullName;

    private const string Confirmations = NewsletterMails.KeyPrefix + "bekraeft:";

    private string Database => Path.Combine(_folder, "campaign.db");

    [Fact]
    public async Task Every_acknowledged_signup_gets_its_confirmation_within_a_minute_of_a_restart_after_SIGKILL()
    {
        var sink = await SmtpSink.GetAsync();
        // One mail at a time, so a backlog of claimed confirmations is there when the process dies.
        var settings = new Dictionary<string, string> { ["Mail__Parallelism"] = "1" };
        var acknowledged = new ConcurrentBag<string>();
        var run = Guid.NewGuid().ToString("N")[..8];
        await using (var app = await AppProcess.StartAsync(Database, sink.SmtpPort, settings))
        {
            using var stop = new CancellationTokenSource();
            var posters = Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
            {
                using var client = app.Client();
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var email = $"crash-{run}-{lane}-{i}@example.org";
                    try
                    {
                        var response = await Signups.PostAsync(client, Signups.Form(email, null, null, "kampagnenyt"), origin: app.BaseUrl);
                        if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("Tjek din indbakke"))
                        {
                            acknowledged.Add(email);
                        }
                    }
                    catch (Exception) when (stop.IsCancellationRequested)
                    {
                        // Killed mid-request: never acknowledged, so nothing was promised.
                    }
                }
            })).ToList();

            // Killed while it holds claimed confirmations, so the restart has to take over the dead process's leases.
            var until = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 60 || (await InFlightAsync(Confirmations)).Leased == 0)
            {
                Assert.True(DateTime.UtcNow < until && posters.All(p => !p.IsCompleted), $"Only {acknowledged.Count} signups acknowledged in 90 s.\n{app.Log()}");
                await Task.Delay(20);
            }

            await stop.CancelAsync();
            app.Kill();
            await Task.WhenAll(posters);
            Assert.True(app.Errors.IsEmpty, "Logged at error level before the kill:\n" + string.Join("\n", app.Errors));
        }

        var (pending, leased) = await InFlightAsync(Confirmations);
        output.WriteLine($"At the SIGKILL: {acknowledged.Count} signups acknowledged; {pending} confirmations waiting, {leased} of them claimed by the killed process.");

        await using var restarted = await AppProcess.StartAsync(Database, sink.SmtpPort, settings);
        var clock = Stopwatch.StartNew();
        foreach (var email in acknowledged)
        {
            var left = TimeSpan.FromSeconds(60) - clock.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"A minute after the restart {email} still has no confirmation.");
            await sink.WaitForSubjectAsync(email, "Bekræft din tilmelding til nyhedsbrevet", left);
        }

        output.WriteLine($"Every acknowledged signup had its confirmation {clock.Elapsed.TotalSeconds:N1} s after the restart.");
        Assert.True(restarted.Errors.IsEmpty, "Logged at error level after the restart:\n" + string.Join("\n", restarted.Errors));
    }

    [Fact]
    public async Task A_dispatch_killed_with_SIGKILL_reaches_everyone_after_a_restart_with_duplicates_only_from_mail_in_flight()
    {
        const int recipients = 1000;
        var sink = await SmtpSink.GetAsync();
        var settings = new Dictionary<string, string> { ["Newsletter__PollInterval"] = "00:00:00.500" };
        var run = Guid.NewGuid().ToString("N")[..8];
        var addresses = Enumerable.Range(0, recipients).Select(i => $"udsendelse-{run}-{i}@example.org").ToList();
        Guid id;
        int sentAtKill;
        await using (var app = await AppProcess.StartAsync(Database, sink.SmtpPort, settings))
        {
            // Written beside the running app, as an editor's "send now" would be.
            await using (var db = Open())
            {
                var now = DateTime.UtcNow;
                foreach (var email in addresses)
                {
                    var subscriber = Subscriber.SignUp(email, null, NewsletterInterests.Campaign, null, now);
                    subscriber.Confirm(now);
                    db.Subscribers.Add(subscriber);
                }

                var issue = NewsletterIssue.Create($"Nedbrud {run}", "test@sbst.example", now);
                issue.Edit($"Nedbrud {run}", [new RichTextBlock("Hej fra kampagnen.")], NewsletterInterests.Campaign, [], "test@sbst.example", now);
                issue.SendNow("test@sbst.example", app.BaseUrl, now);
                db.NewsletterIssues.Add(issue);
                await db.SaveChangesAsync();
                id = issue.Id;
            }

            // Killed in the middle of a batch: some mails claimed, perhaps accepted by the SMTP server, not yet recorded.
            var until = DateTime.UtcNow.AddSeconds(120);
            while ((sentAtKill = await CountAsync(id, OutboxStatus.Sent)) < 100 || (await InFlightAsync(IssueDispatcher.KeyPrefix(id))).Leased == 0)
            {
                Assert.True(DateTime.UtcNow < until, $"Only {sentAtKill} issue mails sent in 120 s.\n{app.Log()}");
                await Task.Delay(20);
            }

            app.Kill();
            Assert.True(app.Errors.IsEmpty, "Logged at error level before the kill:\n" + string.Join("\n", app.Errors));
        }

        var (pending, leased) = await InFlightAsync(IssueDispatcher.KeyPrefix(id));
        await using (var db = Open())
        {
            var issue = await db.NewsletterIssues.AsNoTracking().SingleAsync(i => i.Id == id);
            output.WriteLine($"At the SIGKILL: {issue.Queued} of {recipients} queued, {sentAtKill} recorded sent, {pending} waiting, {leased} claimed by the killed process (in flight).");
        }

        await using var restarted = await AppProcess.StartAsync(Database, sink.SmtpPort, settings);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var db = Open();
            if ((await db.NewsletterIssues.AsNoTracking().SingleAsync(i => i.Id == id)).Status == IssueStatus.Sent)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The issue is not sent 3 minutes after the restart.\n{restarted.Log()}");
            await Task.Delay(200);
        }

        var counts = new int[recipients];
        await Parallel.ForEachAsync(Enumerable.Range(0, recipients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            counts[i] = (await sink.MessagesToAsync(addresses[i])).Count);
        var missing = counts.Count(c => c == 0);
        var duplicates = counts.Where(c => c > 1).Sum(c => c - 1);
        output.WriteLine($"After the restart ({clock.Elapsed.TotalSeconds:N1} s to Sendt): {missing} recipients without the issue, {duplicates} duplicate mails; {leased} mails were in flight at the kill.");

        Assert.Equal(0, missing);
        Assert.True(duplicates <= leased, $"{duplicates} duplicates, but only {leased} mails were in flight at the kill.");
        Assert.True(restarted.Errors.IsEmpty, "Logged at error level after the restart:\n" + string.Join("\n", restarted.Errors));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner takes it.
        }
    }

    private CampaignDb Open() => new(new DbContextOptionsBuilder<CampaignDb>()
        .UseSqlite($"Data Source={Database}")
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
        .Options);

    private async Task<int> CountAsync(Guid issueId, OutboxStatus status)
    {
        var prefix = IssueDispatcher.KeyPrefix(issueId);
        await using var db = Open();
        return await db.OutboxMessages.CountAsync(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == status);
    }

    /// <summary>Mail with this key prefix still waiting, and how much of it the dead process had claimed.</summary>
    private async Task<(int Pending, int Leased)> InFlightAsync(string prefix)
    {
        await using var db = Open();
        var pending = db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == OutboxStatus.Pending);
        return (await pending.CountAsync(), await pending.CountAsync(m => m.LeaseOwner != null));
    }
}
