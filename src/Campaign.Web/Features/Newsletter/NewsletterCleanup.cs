using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Once an hour, deletes what the newsletter no longer needs: signups never confirmed within
/// <see cref="Subscriber.ConfirmationLifetime"/> of their last confirmation mail, and unsubscribed or undeliverable
/// addresses after <see cref="Subscriber.EndedRetention"/>, each with its consent records and newsletter mail.
/// Every node runs it; deleting the same rows twice does no harm.
/// </summary>
public sealed class NewsletterCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NewsletterCleanup> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A short wait first, so starting the app is not slowed by it.
        var wait = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await RunAsync(scope.ServiceProvider, clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (deleted > 0)
                {
                    log.LogInformation("Deleted {Count} newsletter subscriber(s) that were unconfirmed or had ended", deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning(e, "The newsletter cleanup failed; it is tried again in {Interval}", Interval);
            }

            wait = Interval;
        }
    }

    /// <summary>Deletes every subscriber whose time is up at <paramref name="now"/>; returns how many.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<CampaignDb>();
        var unconfirmedBefore = now - Subscriber.ConfirmationLifetime;
        var endedBefore = now - Subscriber.EndedRetention;
        var deleted = 0;
        while (true)
        {
            var due = await db.Subscribers
                .Where(s => (s.Status == SubscriberStatus.Pending && (s.SignupMailSentAt ?? s.CreatedAt) <= unconfirmedBefore)
                    || (s.Status == SubscriberStatus.Unsubscribed && s.UnsubscribedAt <= endedBefore)
                    || (s.Status == SubscriberStatus.Undeliverable && s.UndeliverableAt <= endedBefore))
                .OrderBy(s => s.Id)
                .Select(s => s.Id)
                .Take(BatchSize)
                .ToListAsync(ct);
            if (due.Count == 0)
            {
                return deleted;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            deleted += await SubscriberData.DeleteAsync(db, due, everyMail: false, ct);
            await tx.CommitAsync(ct);
            if (due.Count < BatchSize)
            {
                return deleted;
            }
        }
    }
}
