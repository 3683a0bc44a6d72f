using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Sends issues. Every node runs one: it starts scheduled issues that are due, claims an issue being sent with a lease
/// (one node queues an issue at a time, so the rate holds), and queues one mail per subscriber in the segment through
/// the outbox as bulk mail (transactional mail overtakes it), in batches of one transaction each, at most
/// <see cref="NewsletterOptions.MessagesPerSecond"/>. Every batch renews the lease, and a timer renews it between
/// batches too, so a node killed mid-dispatch leaves an issue that another node takes over within the short lease.
/// Resuming is a matter of asking the outbox: a recipient whose <see cref="NewsletterMails.IssueKey"/> is there has
/// been queued (and the outbox's unique key refuses a second copy even if two nodes tried); everyone else in the
/// segment has not. A crash between batches loses nothing, a crash within one rolls the whole batch back.
/// When nothing of the issue waits in the outbox any longer, it is Sent.
/// </summary>
public sealed class IssueDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal outboxSignal,
    IOptionsMonitor<NewsletterOptions> options,
    IOptionsMonitor<SmtpOptions> smtp,
    TimeProvider clock,
    Setup.BackgroundHealth health,
    ILogger<IssueDispatcher> log) : Setup.BackgroundLoop(health, clock, log)
{
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly OutboxSignal _wake = new();

    public override string Name => "Udsendelse af nyhedsbreve";

    /// <summary>Looks for work now instead of at the next poll (an editor pressed send).</summary>
    public void Wake() => _wake.Set();

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        var pollInterval = options.CurrentValue.PollInterval;
        return await WorkOnceAsync(stoppingToken) ? TimeSpan.Zero : pollInterval;
    }

    protected override Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : _wake.WaitAsync(delay, Clock, stoppingToken);

    /// <summary>One round: start due issues, then work on one issue being sent. Returns true when it queued mail.</summary>
    internal async Task<bool> WorkOnceAsync(CancellationToken ct)
    {
        var now = Now();
        var settings = options.CurrentValue;
        List<Guid> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
            await db.NewsletterIssues
                .Where(i => i.Status == IssueStatus.Scheduled && i.ScheduledAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IssueStatus.Sending).SetProperty(i => i.StartedAt, now), ct);
            candidates = await db.NewsletterIssues
                .Where(i => i.Status == IssueStatus.Sending && (i.LeaseUntil == null || i.LeaseUntil < now))
                .OrderBy(i => i.StartedAt)
                .Select(i => i.Id)
                .ToListAsync(ct);
        }

        foreach (var id in candidates)
        {
            // The claim repeats the conditions in the UPDATE, so of two nodes that saw the same free issue only one gets it.
            var leaseUntil = now + settings.LeaseDuration;
            int claimed;
            await using (var scope = scopes.CreateAsyncScope())
            {
                claimed = await scope.ServiceProvider.GetRequiredService<CampaignDb>().NewsletterIssues
                    .Where(i => i.Id == id && i.Status == IssueStatus.Sending && (i.LeaseUntil == null || i.LeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, _node).SetProperty(i => i.LeaseUntil, leaseUntil), ct);
            }

            if (claimed == 0)
            {
                continue;
            }

            using var renewing = new CancellationTokenSource();
            var renewal = RenewAsync(id, settings.LeaseDuration, renewing.Token);
            try
            {
                return await DispatchAsync(id, ct);
            }
            finally
            {
                await renewing.CancelAsync();
                await renewal;

                // Give the issue back at once (also on shutdown), so another node need not wait for the lease to run out.
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CampaignDb>().NewsletterIssues
                    .Where(i => i.Id == id && i.LeaseOwner == _node)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseUntil, (DateTime?)null), CancellationToken.None);
            }
        }

        return false;
    }

    /// <summary>Keeps this node's claim on the issue alive while it works on it (rendering a batch, waiting out the rate).</summary>
    private async Task RenewAsync(Guid id, TimeSpan duration, CancellationToken done)
    {
        while (true)
        {
            try
            {
                await Task.Delay(duration / 3, Clock, done);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var until = Now() + duration;
                await scope.ServiceProvider.GetRequiredService<CampaignDb>().NewsletterIssues
                    .Where(i => i.Id == id && i.LeaseOwner == _node)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseUntil, until), CancellationToken.None);
            }
            catch (Exception e)
            {
                // Should the lease run out meanwhile, the next batch finds the issue taken over and stops (see QueueBatchAsync).
                Log.LogWarning(e, "Could not renew the lease on newsletter issue {IssueId}", id);
            }
        }
    }

    private async Task<bool> DispatchAsync(Guid id, CancellationToken ct)
    {
        await using var readScope = scopes.CreateAsyncScope();
        var db = readScope.ServiceProvider.GetRequiredService<CampaignDb>();
        var issue = await db.NewsletterIssues.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        var queuedAny = false;
        if (issue.QueuedAt is null)
        {
            var remaining = await RemainingAsync(db, issue, ct);
            if (!await UpdateAsync(id, i => i.Counted(remaining.Count), ct))
            {
                return false;
            }

            var smtpOptions = smtp.CurrentValue;
            var renderer = new IssueRenderer(issue, issue.LinkBase, NewsletterHeaders.UnsubscribeMailbox(smtpOptions), smtpOptions.FromDomain,
                IssueRenderer.FromCalendar(db, readScope.ServiceProvider.GetRequiredService<SiteSearch>(), Clock));
            for (var start = 0; start < remaining.Count;)
            {
                // Read each batch, so a changed rate applies at once.
                var rate = options.CurrentValue.MessagesPerSecond;
                var batch = remaining.Skip(start).Take(Math.Clamp(rate, 1, 500)).ToList();
                var begun = Clock.GetTimestamp();
                if (!await QueueBatchAsync(id, batch, renderer, ct))
                {
                    return queuedAny;
                }

                queuedAny = true;
                start += batch.Count;
                var wait = TimeSpan.FromSeconds((double)batch.Count / rate) - Clock.GetElapsedTime(begun);
                if (wait > TimeSpan.Zero && start < remaining.Count)
                {
                    await Task.Delay(wait, Clock, ct);
                }
            }

            if (!await UpdateAsync(id, i => i.AllQueued(Now()), ct))
            {
                return queuedAny;
            }

            Log.LogInformation("Queued newsletter issue {IssueId} for all {Count} recipient(s)", id, remaining.Count);
        }

        // Asked before marking refusals, so a mail that fails in between is marked in the next round, not missed.
        var prefix = KeyPrefix(id);
        var waiting = await db.OutboxMessages.AnyAsync(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == OutboxStatus.Pending, ct);
        await MarkRefusedUndeliverableAsync(id, ct);
        if (!waiting)
        {
            await UpdateAsync(id, i => i.Finished(Now()), ct);
            Log.LogInformation("Newsletter issue {IssueId} is sent", id);
        }

        return queuedAny;
    }

    /// <summary>The subscribers in the segment who have no mail of this issue in the outbox, oldest first.</summary>
    internal static async Task<List<Guid>> RemainingAsync(CampaignDb db, NewsletterIssue issue, CancellationToken ct)
    {
        var segment = await db.Subscribers.InSegment(issue.Interests, [.. issue.ReadMunicipalityCodes()]).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var prefix = KeyPrefix(issue.Id);
        var queued = (await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix)).Select(m => m.IdempotencyKey).ToListAsync(ct))
            .Select(k => Guid.TryParseExact(k[prefix.Length..], "N", out var subscriber) ? subscriber : Guid.Empty)
            .ToHashSet();
        return segment.Where(s => !queued.Contains(s)).ToList();
    }

    /// <summary>Queues one batch and counts it on the issue in one transaction; false when this node no longer holds the issue.</summary>
    private async Task<bool> QueueBatchAsync(Guid id, List<Guid> batch, IssueRenderer renderer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var issue = await db.NewsletterIssues.SingleAsync(i => i.Id == id, ct);
        if (issue.LeaseOwner != _node || issue.Status != IssueStatus.Sending)
        {
            return false;
        }

        // Only those still confirmed: someone may have unsubscribed since the segment was read.
        var subscribers = await db.Subscribers.Where(s => batch.Contains(s.Id) && s.Status == SubscriberStatus.Confirmed).ToListAsync(ct);
        foreach (var subscriber in subscribers)
        {
            // Bulk: a confirmation or a password reset queued while the issue goes out is sent before the rest of it.
            outbox.Enqueue(await renderer.MailAsync(subscriber, ct) with { Priority = MailPriority.Bulk });
            subscriber.IssueQueued(now);
        }

        issue.BatchQueued(subscribers.Count, now + options.CurrentValue.LeaseDuration);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another node took the issue over (its lease ran out), or queued some of these recipients: the outbox's
            // unique key refused a second copy and the batch is rolled back. The next round takes stock afresh.
            Log.LogWarning(e, "A batch of newsletter issue {IssueId} was not queued; it is taken up again from the outbox's record", id);
            return false;
        }

        scope.ServiceProvider.GetRequiredService<Setup.CampaignMetrics>().NewsletterMailsQueued(subscribers.Count);
        outbox.Signal();
        outboxSignal.Set();
        return true;
    }

    /// <summary>Addresses the mail server refused for good (not those given up after many tries) cannot receive mail.</summary>
    private async Task MarkRefusedUndeliverableAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var prefix = KeyPrefix(id);
        var refused = db.OutboxMessages
            .Where(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == OutboxStatus.Failed && m.Attempts < OutboxMessage.MaxAttempts)
            .Select(m => m.ToAddress);
        var subscribers = await db.Subscribers.Where(s => s.Status == SubscriberStatus.Confirmed && refused.Contains(s.Email)).ToListAsync(ct);
        if (subscribers.Count == 0)
        {
            return;
        }

        var now = Now();
        foreach (var subscriber in subscribers)
        {
            subscriber.MarkUndeliverable(now);
        }

        await db.SaveChangesAsync(ct);
        Log.LogInformation("Marked {Count} subscriber(s) undeliverable after permanent refusals of newsletter issue {IssueId}", subscribers.Count, id);
    }

    /// <summary>Changes the issue if this node still holds it; false when another node took it over.</summary>
    private async Task<bool> UpdateAsync(Guid id, Action<NewsletterIssue> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var issue = await db.NewsletterIssues.SingleAsync(i => i.Id == id, ct);
        if (issue.LeaseOwner != _node)
        {
            return false;
        }

        change(issue);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Where the outbox keys of one issue start.</summary>
    public static string KeyPrefix(Guid issueId) => NewsletterMails.IssueKey(issueId, Guid.Empty)[..^32];

    private DateTime Now() => Clock.GetUtcNow().UtcDateTime;
}

public static class Segments
{
    /// <summary>Confirmed subscribers with any of the interests (None: all) in any of the municipalities (empty: all).</summary>
    public static IQueryable<Subscriber> InSegment(this IQueryable<Subscriber> subscribers, NewsletterInterests interests, int[] municipalities)
    {
        var matching = subscribers.Where(s => s.Status == SubscriberStatus.Confirmed);
        if (interests != NewsletterInterests.None)
        {
            var mask = (int)interests;
            matching = matching.Where(s => ((int)s.Interests & mask) != 0);
        }

        if (municipalities.Length > 0)
        {
            matching = matching.Where(s => s.MunicipalityCode != null && municipalities.Contains(s.MunicipalityCode.Value));
        }

        return matching;
    }
}
