using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion: what waits for the editors.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class IndexModel(CampaignDb db, BackgroundHealth background, TimeProvider clock) : PageModel, IPageMeta
{
    public int PendingEvents { get; private set; }
    public int PendingChanges { get; private set; }
    public int PendingAssociations { get; private set; }
    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];
    public IReadOnlyList<(Scheduling.ScheduledAction Action, string Page)> Scheduled { get; private set; } = [];

    /// <summary>Scheduled actions that could not be done and that no one has taken off the list yet.</summary>
    public IReadOnlyList<(Scheduling.ScheduledAction Action, string Page)> Failed { get; private set; } = [];

    /// <summary>Background work on this server that is failing right now (mail, newsletter, scheduling …).</summary>
    public IReadOnlyList<BackgroundHealth.Problem> BackgroundProblems => background.Problems;
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }
    public IReadOnlyList<Campaign.Web.Content.ContentNode> RecentlyEdited { get; private set; } = [];
    public IReadOnlyList<(string Series, int Events)> EventsPerSeries { get; private set; } = [];

    public string Title => "Redaktionen";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        PendingEvents = await db.Events.CountAsync(e => e.Status == EventStatus.Pending, ct);
        PendingChanges = await db.Events.CountAsync(e => e.Status == EventStatus.Published && e.PendingDetails != null, ct);
        PendingAssociations = await db.Associations.CountAsync(a => a.Status == AssociationStatus.Pending, ct);
        Recent = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(15).ToListAsync(ct);
        var scheduled = await db.ScheduledActions.AsNoTracking().Where(a => a.DoneAt == null).OrderBy(a => a.AtUtc).Take(10).ToListAsync(ct);
        var failed = await db.ScheduledActions.AsNoTracking().Where(a => a.Status == Scheduling.ScheduledStatus.Failed && a.AcknowledgedAt == null)
            .OrderByDescending(a => a.AtUtc).Take(20).ToListAsync(ct);
        var nodeIds = scheduled.Concat(failed).Select(s => s.NodeId).Distinct().ToList();
        var names = await db.ContentNodes.AsNoTracking().Where(n => nodeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        Scheduled = scheduled.Select(s => (s, names.GetValueOrDefault(s.NodeId, "(slettet side)"))).ToList();
        Failed = failed.Select(s => (s, names.GetValueOrDefault(s.NodeId, "(slettet side)"))).ToList();
        RecentlyEdited = await db.ContentNodes.AsNoTracking().Where(n => !n.IsTrashed).OrderByDescending(n => n.UpdatedAt).Take(8).ToListAsync(ct);
        var now = DateTime.UtcNow;
        var counts = await db.EventOccurrences.AsNoTracking().Where(o => o.IsPublic && o.SeriesKey != null && o.EndUtc > now)
            .GroupBy(o => o.SeriesKey).Select(g => new { g.Key, Events = g.Select(o => o.EventId).Distinct().Count() }).ToListAsync(ct);
        var seriesNames = await db.ContentNodes.AsNoTracking().Where(n => n.ContentType == "eventSeries").ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        EventsPerSeries = counts.Select(c => (seriesNames.GetValueOrDefault(c.Key!.Value, "Ukendt serie"), c.Events)).OrderBy(c => c.Item1).ToList();
    }

    /// <summary>"Set": the failure leaves the dashboard (the page's own edit screen still shows it).</summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid actionId, CancellationToken ct)
    {
        var action = await db.ScheduledActions.SingleOrDefaultAsync(a => a.Id == actionId && a.Status == Scheduling.ScheduledStatus.Failed, ct);
        if (action is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        action.Acknowledge(User.Identity!.Name!, now);
        db.Record(User.Identity!.Name!, "Så mislykket planlagt handling", "Side", action.NodeId, now, action.Failure);
        await db.SaveChangesAsync(ct);
        Message = "Fejlen er fjernet fra oversigten.";
        return RedirectToPage();
    }
}
