using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Sends what the outbox holds. Every node runs one: each polls (and wakes at once on <see cref="OutboxSignal"/>),
/// claims a small batch with a lease so no other node sends the same mail, sends it, and records the result.
/// While the mail server is away, mails wait with a growing delay (see <see cref="OutboxMessage.MarkFailed"/>);
/// nothing is lost, since a mail leaves the table only as Sent or Failed.
/// </summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    IMailSender sender,
    OutboxSignal signal,
    IOptionsMonitor<MailOptions> options,
    IOptionsMonitor<SmtpOptions> smtp,
    TimeProvider clock,
    Setup.BackgroundHealth health,
    ILogger<OutboxWorker> log) : Setup.BackgroundLoop(health, clock, log)
{
    public override string Name => "Afsendelse af mail";

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        // Read each round, so a changed Mail section applies without a restart.
        var pollInterval = options.CurrentValue.PollInterval;
        return await SendDueAsync(stoppingToken) ? TimeSpan.Zero : pollInterval;
    }

    // New mail wakes the worker at once instead of at the next poll. While it is failing (the database is away, or a
    // changed setting is invalid) it waits out the retry pause whatever is queued: every mail is still in the table.
    protected override Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : signal.WaitAsync(delay, Clock, stoppingToken);

    /// <summary>Claims and sends one batch of due mail.</summary>
    /// <returns>True when more may be due right away.</returns>
    internal async Task<bool> SendDueAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var now = Now();

        var due = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(stoppingToken);
        if (due.Count == 0)
        {
            return false;
        }

        // The claim repeats the conditions in the UPDATE itself, so a row another node claimed since the SELECT
        // no longer matches and is skipped: PostgreSQL re-checks them on the locked row, SQLite has one writer at a time.
        var lease = Guid.NewGuid().ToString("N");
        var leaseUntil = now + settings.LeaseDuration;
        var claimed = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, lease).SetProperty(m => m.LeaseUntil, leaseUntil), stoppingToken);
        if (claimed == 0)
        {
            return true;
        }

        var batch = await db.OutboxMessages.Where(m => m.LeaseOwner == lease).OrderBy(m => m.NextAttemptAt).ToListAsync(stoppingToken);
        var sendTimeout = smtp.CurrentValue.Timeout;
        try
        {
            foreach (var message in batch)
            {
                // On shutdown finish the mail in hand but start no other; never start a send that could outlive the lease.
                if (stoppingToken.IsCancellationRequested || Now() + sendTimeout >= leaseUntil)
                {
                    break;
                }

                await SendAsync(db, message);
            }
        }
        finally
        {
            // Give back what was claimed but not tried, so any node can take it now rather than when the lease runs out.
            await db.OutboxMessages
                .Where(m => m.LeaseOwner == lease && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        }

        return due.Count == settings.BatchSize && !stoppingToken.IsCancellationRequested;
    }

    private async Task SendAsync(CampaignDb db, OutboxMessage message)
    {
        try
        {
            // Not cancelled by shutdown: a send bounded by Smtp:Timeout is finished rather than cut off halfway.
            await sender.SendAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            var permanent = e is MailDeliveryException { Permanent: true };
            var gaveUp = message.MarkFailed(e.Message, permanent, Now());
            if (permanent)
            {
                // A recipient address that does not exist is a fact about the address, not a fault in the site.
                Log.LogWarning("The mail server refused mail {MessageId} for good; it will not be sent: {Error}", message.Id, message.LastError);
            }
            else if (gaveUp)
            {
                Log.LogError(e, "Gave up mail {MessageId} after {Attempts} failed attempts; last error: {Error}", message.Id, message.Attempts, message.LastError);
            }
            else
            {
                Log.LogWarning("Could not send mail {MessageId} (attempt {Attempts} of {MaxAttempts}); trying again at {NextAttemptAt:u}: {Error}",
                    message.Id, message.Attempts, OutboxMessage.MaxAttempts, message.NextAttemptAt, message.LastError);
            }

            await SaveAsync(db, message);
            return;
        }

        // Recorded right after the server accepted the mail. If this node dies (or the database is away) between
        // the two, the row keeps its lease, the lease expires and the mail is sent a second time: delivery is
        // at least once, and the unchanged Message-ID lets a receiving system recognise the repeat.
        message.MarkSent(Now());
        await SaveAsync(db, message);
        Log.LogInformation("Sent mail {MessageId} after {Attempts} attempt(s)", message.Id, message.Attempts);
    }

    private async Task SaveAsync(CampaignDb db, OutboxMessage message)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The lease ran out mid-send and another node claimed the row; its result stands.
            db.Entry(message).State = EntityState.Detached;
            Log.LogWarning("Lost the lease on mail {MessageId} while sending it; another node took it over and may send it again. Mail:LeaseDuration may be too short.", message.Id);
        }
    }

    private DateTime Now() => Clock.GetUtcNow().UtcDateTime;
}
