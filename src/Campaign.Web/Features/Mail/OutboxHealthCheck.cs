using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// The outbox backlog on /health: how many mails wait and how long the oldest has. Degraded once the oldest has
/// waited longer than Mail:DegradedAfter, which means the mail server has been away (or refusing) for a while.
/// </summary>
public sealed class OutboxHealthCheck(CampaignDb db, TimeProvider clock, IOptions<MailOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var pending = db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending);
        var count = await pending.CountAsync(ct);
        var oldest = await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var failed = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Failed, ct);

        var age = oldest is { } created ? clock.GetUtcNow().UtcDateTime - created : TimeSpan.Zero;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = count,
            ["oldestPendingAgeSeconds"] = (long)age.TotalSeconds,
            ["failed"] = failed,
        };
        var description = count == 0
            ? "No mail waiting."
            : $"{count} mail(s) waiting; the oldest for {(long)age.TotalMinutes} min.";
        return age > options.Value.DegradedAfter
            ? HealthCheckResult.Degraded(description + $" Mail has waited longer than {options.Value.DegradedAfter.TotalMinutes:0} min: is the mail server reachable?", data: data)
            : HealthCheckResult.Healthy(description, data);
    }
}
