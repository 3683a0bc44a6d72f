using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Once an hour, deletes what the newsletter no longer needs: signups never confirmed within
/// <see cref="Subscriber.ConfirmationLifetime"/> of their last confirmation mail, and unsubscribed or undeliverable
/// addresses after <see cref="Subscriber.EndedRetention"/>, each with its consent records and newsletter mail.
/// Every node runs it; deleting the same rows twice does no harm.
/// </summary>
public sealed class NewsletterCleanup(IServiceScopeFactory scopes, TimeProvider clock, Setup.BackgroundHealth health, ILogger<NewsletterCleanup> log)
    : Setup.BackgroundLoop(health, clock, log)
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 500;

    public override string Name => "Oprydning i nyhedsbrevets tilmeldinger";

    // A short wait first, so starting the app is not slowed by it.
    protected override TimeSpan FirstDelay => TimeSpan.FromMinutes(1);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var deleted = await RunAsync(scope.ServiceProvider, Clock.GetUtcNow().UtcDateTime, stoppingToken);
        if (deleted > 0)
        {
            Log.LogInformation("Deleted {Count} newsletter subscriber(s) that were unconfirmed or had ended", deleted);
        }

        return Interval;
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
