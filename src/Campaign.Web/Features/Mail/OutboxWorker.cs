using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Sends what the outbox holds. Every node runs one: each polls (and wakes at once on <see cref="OutboxSignal"/>),
/// claims a small batch with a short lease so no other node sends the same mail, transactional mail before bulk,
/// sends up to <see cref="MailOptions.Parallelism"/> of it at once, renews the lease while the batch is in hand, and
/// records the results of the batch in one save. While the mail server is away, mails wait with a growing delay (see
/// <see cref="OutboxMessage.MarkFailed"/>); nothing is lost, since a mail leaves the table only as Sent or Failed.
/// </summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    IMailSender sender,
    OutboxSignal signal,
    IOptionsMonitor<MailOptions> options,
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

        // Transactional mail first: a confirmation queued in the middle of a newsletter is claimed by the next batch.
        var due = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.Priority).ThenBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(stoppingToken);
        if (due.Count == 0)
        {
            return false;
        }

        // The claim repeats the conditions in the UPDATE itself, so a row another node claimed since the SELECT
        // no longer matches and is skipped: PostgreSQL re-checks them on the locked row, SQLite has one writer at a time.
        var lease = new Lease(Guid.NewGuid().ToString("N"), now + settings.LeaseDuration, settings.LeaseDuration);
        var claimed = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, lease.Owner).SetProperty(m => m.LeaseUntil, lease.Until), stoppingToken);
        if (claimed == 0)
        {
            return true;
        }

        var batch = await db.OutboxMessages.Where(m => m.LeaseOwner == lease.Owner)
            .OrderBy(m => m.Priority).ThenBy(m => m.NextAttemptAt)
            .ToListAsync(stoppingToken);
        var outcomes = new Outcome[batch.Count];
        using (var renewing = new CancellationTokenSource())
        {
            var renewal = RenewAsync(lease, renewing.Token);
            try
            {
                await SendAllAsync(batch, outcomes, lease, settings.Parallelism, stoppingToken);
            }
            finally
            {
                await renewing.CancelAsync();
                await renewal;
            }
        }

        try
        {
            await RecordAsync(db, batch, outcomes);
        }
        finally
        {
            // Give back what was claimed but not tried, so any node can take it now rather than when the lease runs out.
            await db.OutboxMessages
                .Where(m => m.LeaseOwner == lease.Owner && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (string?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), CancellationToken.None);
        }

        return due.Count == settings.BatchSize && !stoppingToken.IsCancellationRequested;
    }

    /// <summary>Sends the batch on up to <paramref name="parallelism"/> lanes; each lane takes the next mail until none is left.</summary>
    private async Task SendAllAsync(List<OutboxMessage> batch, Outcome[] outcomes, Lease lease, int parallelism, CancellationToken stoppingToken)
    {
        var next = -1;
        async Task LaneAsync()
        {
            while (true)
            {
                // On shutdown finish the mail in hand but start no other; start none either once the lease is not
                // being renewed (the database is away), since another node may soon take these rows over.
                var index = Interlocked.Increment(ref next);
                if (index >= batch.Count || stoppingToken.IsCancellationRequested || !lease.SafeToStart(Now()))
                {
                    return;
                }

                try
                {
                    // Not cancelled by shutdown: a send bounded by Smtp:Timeout is finished rather than cut off halfway.
                    await sender.SendAsync(batch[index], CancellationToken.None);
                    outcomes[index] = new Outcome(true, null, Now());
                }
                catch (Exception e)
                {
                    outcomes[index] = new Outcome(true, e, Now());
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallelism, batch.Count)).Select(_ => LaneAsync()));
    }

    /// <summary>Keeps the batch's lease alive while it is being sent, renewing it every third of its duration.</summary>
    private async Task RenewAsync(Lease lease, CancellationToken done)
    {
        while (true)
        {
            try
            {
                await Task.Delay(lease.RenewEvery, Clock, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var until = Now() + lease.Duration;
                await scope.ServiceProvider.GetRequiredService<CampaignDb>().OutboxMessages
                    .Where(m => m.LeaseOwner == lease.Owner && m.Status == OutboxStatus.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until), CancellationToken.None);
                lease.Renewed(until);
            }
            catch (Exception e)
            {
                // The sends in hand go on; no new one starts once the lease is near its end (see Lease.SafeToStart).
                Log.LogWarning(e, "Could not renew the lease on a batch of mail; it runs out at {LeaseUntil:u}", lease.Until);
            }
        }
    }

    /// <summary>Records every tried mail's result in one save; a row whose lease another node took meanwhile is left to that node.</summary>
    private async Task RecordAsync(CampaignDb db, List<OutboxMessage> batch, Outcome[] outcomes)
    {
        var sent = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var (message, outcome) = (batch[i], outcomes[i]);
            if (!outcome.Tried)
            {
                continue;
            }

            if (outcome.Error is null)
            {
                // Recorded after the server accepted the mail. If this node dies (or the database is away) between the
                // two, the row keeps its lease, the lease runs out and the mail is sent a second time: delivery is at
                // least once, and the unchanged Message-ID lets a receiving system recognise the repeat.
                message.MarkSent(outcome.At);
                sent++;
                continue;
            }

            var permanent = outcome.Error is MailDeliveryException { Permanent: true };
            var gaveUp = message.MarkFailed(outcome.Error.Message, permanent, outcome.At);
            if (permanent)
            {
                // A recipient address that does not exist is a fact about the address, not a fault in the site.
                Log.LogWarning("The mail server refused mail {MessageId} for good; it will not be sent: {Error}", message.Id, message.LastError);
            }
            else if (gaveUp)
            {
                Log.LogError(outcome.Error, "Gave up mail {MessageId} after {Attempts} failed attempts; last error: {Error}", message.Id, message.Attempts, message.LastError);
            }
            else
            {
                Log.LogWarning("Could not send mail {MessageId} (attempt {Attempts} of {MaxAttempts}); trying again at {NextAttemptAt:u}: {Error}",
                    message.Id, message.Attempts, OutboxMessage.MaxAttempts, message.NextAttemptAt, message.LastError);
            }
        }

        while (true)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                break;
            }
            catch (DbUpdateConcurrencyException e)
            {
                // A lease ran out mid-send and another node claimed the row; its result stands. The save was one
                // transaction and rolled back whole, so it is tried again without the rows that were taken over.
                foreach (var entry in e.Entries)
                {
                    Log.LogWarning("Lost the lease on mail {MessageId} while sending it; another node took it over and may send it again.", ((OutboxMessage)entry.Entity).Id);
                    entry.State = EntityState.Detached;
                }
            }
        }

        if (sent > 0)
        {
            Log.LogInformation("Sent {Count} mail(s)", sent);
        }
    }

    private DateTime Now() => Clock.GetUtcNow().UtcDateTime;

    /// <summary>What became of one mail of the batch: not tried (shutdown), accepted (no error), or refused.</summary>
    private readonly record struct Outcome(bool Tried, Exception? Error, DateTime At);

    /// <summary>A batch's claim: who holds it and until when, as last written to the database.</summary>
    private sealed class Lease(string owner, DateTime until, TimeSpan duration)
    {
        private long _untilTicks = until.Ticks;

        public string Owner { get; } = owner;
        public TimeSpan Duration { get; } = duration;
        public TimeSpan RenewEvery => Duration / 3;
        public DateTime Until => new(Interlocked.Read(ref _untilTicks), DateTimeKind.Utc);

        public void Renewed(DateTime until) => Interlocked.Exchange(ref _untilTicks, until.Ticks);

        // While renewals succeed at least two thirds of the lease remain; less than one third left means they are failing.
        public bool SafeToStart(DateTime now) => now + RenewEvery < Until;
    }
}
