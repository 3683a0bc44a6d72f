using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Media;

/// <summary>
/// Once an hour, deletes photos uploaded with event forms that nothing refers to any more (no event, pending change,
/// page version or newsletter issue) once <see cref="MediaOptions.OrphanGracePeriod"/> has passed: a form that was
/// left, a photo replaced, an event deleted. Every node runs it; deleting the same image twice does no harm.
/// </summary>
public sealed class UploadSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UploadSweep> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A short wait first, so starting the app is not slowed by it.
        var wait = TimeSpan.FromMinutes(2);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await RunAsync(scope.ServiceProvider, clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (deleted > 0)
                {
                    log.LogInformation("Deleted {Count} uploaded image(s) that nothing refers to", deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or IOException)
            {
                log.LogWarning(e, "The upload sweep failed; it is tried again in {Interval}", Interval);
            }

            wait = Interval;
        }
    }

    /// <summary>Deletes every unreferenced upload older than the grace period at <paramref name="now"/>; returns how many.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<CampaignDb>();
        var images = services.GetRequiredService<IImageProcessor>();
        var before = now - services.GetRequiredService<IOptions<MediaOptions>>().Value.OrphanGracePeriod;
        var deleted = 0;
        var seen = new HashSet<Guid>();
        while (true)
        {
            var candidates = await db.EventUploads.Where(u => u.CreatedAt <= before && !seen.Contains(u.Id))
                .OrderBy(u => u.CreatedAt).Select(u => u.Id).Take(BatchSize).ToListAsync(ct);
            if (candidates.Count == 0)
            {
                return deleted;
            }

            foreach (var id in candidates)
            {
                seen.Add(id);
                if (await IsReferencedAsync(db, id, ct))
                {
                    continue;
                }

                // The row goes first: an image whose file delete fails is only wasted space, never a broken page.
                await db.EventUploads.Where(u => u.Id == id).ExecuteDeleteAsync(ct);
                await images.DeleteAsync(id, ct);
                deleted++;
            }
        }
    }

    /// <summary>Whether an event, a change waiting for approval, a page version or a newsletter issue names the image.</summary>
    private static async Task<bool> IsReferencedAsync(CampaignDb db, Guid id, CancellationToken ct)
    {
        var text = id.ToString();
        return await db.Events.AnyAsync(e => e.Details.ImageId == id || (e.PendingDetails != null && e.PendingDetails.Contains(text)), ct)
            || await db.ContentVersions.AnyAsync(v => v.Data.Contains(text), ct)
            || await db.NewsletterIssues.AnyAsync(i => i.BlocksJson.Contains(text), ct);
    }
}
