using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Mail;

/// <summary>
/// The outbox when things go wrong: the mail server down, a node dying mid-send, two nodes racing for the same
/// rows. Each test runs its own app(s), since it moves the clock or changes settings while the app runs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutboxResilienceTests
{
    [Fact]
    public async Task While_the_mail_server_is_down_mail_waits_and_then_arrives_exactly_once()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = new MailApp().SendingTo(SmtpSink.ClosedPort());
        var recipients = Enumerable.Range(0, 3).Select(_ => SmtpSink.Recipient()).ToList();
        var queuedAt = app.Clock.GetUtcNow().UtcDateTime;

        var ids = await app.EnqueueAsync(recipients.Select(to => MailApp.Mail(to)).ToArray());

        var rows = await app.WaitForRowsAsync(ids, m => m.Attempts == 1, "a first, failed attempt at each mail");
        Assert.All(rows, row =>
        {
            Assert.Equal(OutboxStatus.Pending, row.Status);
            Assert.NotNull(row.LastError);
            Assert.Null(row.LeaseOwner);
            Assert.InRange(row.NextAttemptAt, queuedAt.AddMinutes(1), app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1));
        });

        // The worker keeps polling but respects the backoff: no second attempt before the minute is up.
        await Task.Delay(600);
        Assert.All(await app.FindAsync(ids), row => Assert.Equal(1, row.Attempts));
        Assert.Empty(app.Errors);

        app.SendingTo(sink.SmtpPort);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        foreach (var to in recipients)
        {
            await sink.WaitForAsync(to);
        }

        rows = await app.WaitForRowsAsync(ids, m => m.Status == OutboxStatus.Sent, "every mail to be marked sent");
        Assert.All(rows, row => Assert.Equal(2, row.Attempts));
        await Task.Delay(500);
        foreach (var to in recipients)
        {
            Assert.Single(await sink.MessagesToAsync(to));
        }

        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_mail_claimed_by_a_node_that_died_is_sent_once_its_lease_runs_out()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = new MailApp().SendingTo(sink.SmtpPort);
        var to = SmtpSink.Recipient();

        // Stored already claimed, as if another node had claimed it and then crashed before sending.
        var id = await app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var message = services.GetRequiredService<Outbox>().Enqueue(MailApp.Mail(to));
            db.Entry(message).Property(m => m.LeaseOwner).CurrentValue = "a-node-that-died";
            db.Entry(message).Property(m => m.LeaseUntil).CurrentValue = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
            await db.SaveChangesAsync();
            return message.Id;
        });

        await Task.Delay(600);
        Assert.Empty(await sink.MessagesToAsync(to));
        Assert.Equal(0, (await app.FindAsync(id))!.Attempts);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await sink.WaitForAsync(to);
        var row = (await app.WaitForRowsAsync([id], m => m.Status == OutboxStatus.Sent, "the mail to be marked sent")).Single();
        Assert.Equal(1, row.Attempts);
        await Task.Delay(300);
        Assert.Single(await sink.MessagesToAsync(to));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Two_nodes_on_one_database_never_send_the_same_mail_twice()
    {
        var sink = await SmtpSink.GetAsync();
        await using var first = new MailApp().SendingTo(sink.SmtpPort);
        first.Live.Set("Mail:PollInterval", "00:00:00.050");
        first.Live.Set("Mail:BatchSize", "3");
        _ = first.Server;
        await using var second = CampaignApp.SecondNode(first)
            .With("Smtp:Host", "127.0.0.1").With("Smtp:Port", sink.SmtpPort.ToString())
            .With("Mail:PollInterval", "00:00:00.050").With("Mail:BatchSize", "3");
        _ = second.Server;
        var recipients = Enumerable.Range(0, 40).Select(_ => SmtpSink.Recipient()).ToList();

        // Both workers are polling already; all 40 rows become visible to both in one commit.
        var ids = await first.With(async services =>
        {
            var outbox = services.GetRequiredService<Outbox>();
            var queued = recipients.Select(to => outbox.Enqueue(MailApp.Mail(to)).Id).ToList();
            await services.GetRequiredService<CampaignDb>().SaveChangesAsync();
            return queued;
        });

        foreach (var to in recipients)
        {
            await sink.WaitForAsync(to, timeout: TimeSpan.FromSeconds(60));
        }

        var rows = await first.WaitForRowsAsync(ids, m => m.Status == OutboxStatus.Sent, "every mail to be marked sent");
        Assert.All(rows, row => Assert.Equal(1, row.Attempts));
        await Task.Delay(500);
        foreach (var to in recipients)
        {
            Assert.Single(await sink.MessagesToAsync(to));
        }

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task Many_workers_racing_for_the_same_rows_send_each_mail_once()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = new MailApp().SendingTo(sink.SmtpPort);
        app.Live.Set("Mail:BatchSize", "4");
        var recipients = Enumerable.Range(0, 60).Select(_ => SmtpSink.Recipient()).ToList();
        var ids = await app.EnqueueAsync(recipients.Select(to => MailApp.Mail(to)).ToArray());

        // Six more workers beside the app's own, all starting on the same rows at once: far more contention
        // for the claim than two nodes polling, on one database of either provider.
        var workers = Enumerable.Range(0, 6).Select(_ => ActivatorUtilities.CreateInstance<OutboxWorker>(app.Services)).ToList();
        await Task.WhenAll(workers.Select(worker => Task.Run(async () =>
        {
            while (await worker.SendDueAsync(CancellationToken.None))
            {
            }
        })));

        var rows = await app.WaitForRowsAsync(ids, m => m.Status == OutboxStatus.Sent, "every mail to be marked sent");
        Assert.All(rows, row => Assert.Equal(1, row.Attempts));
        await Task.Delay(300);
        foreach (var to in recipients)
        {
            Assert.Single(await sink.MessagesToAsync(to));
        }

        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Health_shows_the_backlog_and_turns_degraded_after_fifteen_minutes()
    {
        await using var app = new MailApp().SendingTo(SmtpSink.ClosedPort());
        // The checks' details are for staff; the public /health says only the status.
        var (client, _) = await app.StaffSignedInAsync();

        var outbox = await OutboxCheckAsync(client);
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.Equal(0, outbox.GetProperty("data").GetProperty("pending").GetInt32());

        var ids = await app.EnqueueAsync(MailApp.Mail(SmtpSink.Recipient()), MailApp.Mail(SmtpSink.Recipient()));
        await app.WaitForRowsAsync(ids, m => m.Attempts == 1, "a first, failed attempt at each mail");

        outbox = await OutboxCheckAsync(client);
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.Equal(2, outbox.GetProperty("data").GetProperty("pending").GetInt32());
        Assert.InRange(outbox.GetProperty("data").GetProperty("oldestPendingAgeSeconds").GetInt64(), 0, 60);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var response = await client.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
        outbox = health.RootElement.GetProperty("checks").GetProperty("outbox");
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.Equal(2, outbox.GetProperty("data").GetProperty("pending").GetInt32());
        Assert.InRange(outbox.GetProperty("data").GetProperty("oldestPendingAgeSeconds").GetInt64(), 16 * 60, 17 * 60);
        Assert.Contains("2 mail(s) waiting", outbox.GetProperty("description").GetString());
        Assert.Empty(app.Errors);
    }

    private static async Task<JsonElement> OutboxCheckAsync(HttpClient client)
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        return health.RootElement.GetProperty("checks").GetProperty("outbox").Clone();
    }
}
