using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.BackOffice.Scheduling;

public sealed class SchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>How often each node looks for scheduled actions whose time has come.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Carries out scheduled publishing and unpublishing when their time has come. It looks every few seconds
/// (Scheduling:PollInterval); an action is claimed with a conditional update, so with several nodes exactly one does it.
/// An action that cannot be done (an empty required field, the page deleted, no draft) is marked failed with the
/// reason in Danish, which editors see on the dashboard and on the page; it never stops the loop, let alone the site.
/// </summary>
public sealed class ContentScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<SchedulingOptions> options, BackgroundHealth health, ILogger<ContentScheduler> log)
    : BackgroundLoop(health, clock, log)
{
    public override string Name => "Planlagt udgivelse";

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        await RunDueAsync(stoppingToken);
        return options.CurrentValue.PollInterval;
    }

    /// <summary>Does every action whose time has come; returns how many were done.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
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

            if (await CarryOutAsync(action, ct) is { } failure)
            {
                await RecordFailureAsync(action, failure, ct);
            }
            else
            {
                done++;
            }
        }

        return done;
    }

    /// <summary>Publishes or unpublishes, as one content command; returns why it could not be done, in Danish, or null.</summary>
    private async Task<string?> CarryOutAsync(ScheduledAction action, CancellationToken ct)
    {
        await using var work = scopes.CreateAsyncScope();
        var commands = work.ServiceProvider.GetRequiredService<ContentCommands>();
        var who = $"Planlagt af {action.CreatedBy}";
        try
        {
            if (action.Kind == ScheduledKind.Publish)
            {
                await commands.PublishAsync(action.NodeId, who, "Udgav side (planlagt)", ct);
            }
            else
            {
                await commands.UnpublishAsync(action.NodeId, who, "Afpublicerede side (planlagt)", ct);
            }

            var db = work.ServiceProvider.GetRequiredService<CampaignDb>();
            await db.ScheduledActions.Where(a => a.Id == action.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ScheduledStatus.Done), ct);
            return null;
        }
        catch (ContentException e)
        {
            // What the editors must fix (an empty required field, a deleted page): their business, not a fault in the site.
            Log.LogWarning("Scheduled {Kind} of page {Node} could not be done: {Reason}", action.Kind, action.NodeId, e.Message);
            return e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A fault of ours or of the database: the editors still learn that the page did not change, and we get the error.
            Log.LogError(e, "Scheduled {Kind} of page {Node} failed", action.Kind, action.NodeId);
            return (action.Kind == ScheduledKind.Publish ? "Siden blev ikke udgivet" : "Siden blev ikke afpubliceret")
                + " på grund af en teknisk fejl. Prøv selv, eller planlæg handlingen igen.";
        }
    }

    private async Task RecordFailureAsync(ScheduledAction action, string reason, CancellationToken ct)
    {
        // A scope of its own: the command's unit of work may hold the change that was refused.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var failed = await db.ScheduledActions.SingleAsync(a => a.Id == action.Id, ct);
        failed.Fail(reason, Clock.GetUtcNow().UtcDateTime);
        db.Record($"Planlagt af {action.CreatedBy}", action.Kind == ScheduledKind.Publish ? "Planlagt udgivelse mislykkedes" : "Planlagt afpublicering mislykkedes",
            "Side", action.NodeId, Clock.GetUtcNow().UtcDateTime, reason);
        await db.SaveChangesAsync(ct);
    }
}
