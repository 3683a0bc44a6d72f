using Campaign.Web.Content;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Scheduling;

/// <summary>
/// Carries out scheduled publishing and unpublishing when their time has come. It looks every few seconds
/// (Scheduling:PollInterval); an action is claimed with a conditional update, so with several nodes exactly one does it.
/// </summary>
public sealed class ContentScheduler(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<ContentScheduler> log) : BackgroundService
{
    private readonly TimeSpan _interval = configuration.GetValue("Scheduling:PollInterval", TimeSpan.FromSeconds(15));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
                await Task.Delay(_interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Scheduled publishing could not run; trying again shortly");
                await Task.Delay(_interval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Does every action whose time has come; returns how many were done.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var due = await db.ScheduledActions.AsNoTracking().Where(a => a.DoneAt == null && a.AtUtc <= now).OrderBy(a => a.AtUtc).ToListAsync(ct);
        var done = 0;
        foreach (var action in due)
        {
            // Claim it: only the node whose update changes the row carries it out.
            var claimed = await db.ScheduledActions.Where(a => a.Id == action.Id && a.DoneAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.DoneAt, now), ct);
            if (claimed == 0)
            {
                continue;
            }

            await using var work = scopes.CreateAsyncScope();
            var content = work.ServiceProvider.GetRequiredService<ContentService>();
            var workDb = work.ServiceProvider.GetRequiredService<CampaignDb>();
            var who = $"Planlagt af {action.CreatedBy}";
            try
            {
                if (action.Kind == ScheduledKind.Publish)
                {
                    await content.PublishAsync(action.NodeId, who, ct);
                }
                else
                {
                    await content.UnpublishAsync(action.NodeId, who, ct);
                }

                workDb.Record(who, action.Kind == ScheduledKind.Publish ? "Udgav side (planlagt)" : "Afpublicerede side (planlagt)", "Side", action.NodeId, now);
                await workDb.SaveChangesAsync(ct);
                done++;
            }
            catch (ContentRuleException e)
            {
                // A page deleted or without a draft by then: tell the editors instead of failing silently.
                var failed = await workDb.ScheduledActions.SingleAsync(a => a.Id == action.Id, ct);
                failed.Fail(e.Message);
                await workDb.SaveChangesAsync(ct);
                log.LogWarning("Scheduled {Kind} of page {Node} could not be done: {Reason}", action.Kind, action.NodeId, e.Message);
            }
        }

        return done;
    }
}
