using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion: what waits for the editors.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class IndexModel(CampaignDb db) : PageModel, IPageMeta
{
    public int PendingEvents { get; private set; }
    public int PendingChanges { get; private set; }
    public int PendingAssociations { get; private set; }
    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];
    public IReadOnlyList<(Scheduling.ScheduledAction Action, string Page)> Scheduled { get; private set; } = [];
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
        var names = await db.ContentNodes.AsNoTracking().Where(n => scheduled.Select(s => s.NodeId).Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        Scheduled = scheduled.Select(s => (s, names.GetValueOrDefault(s.NodeId, "(slettet side)"))).ToList();
        RecentlyEdited = await db.ContentNodes.AsNoTracking().Where(n => !n.IsTrashed).OrderByDescending(n => n.UpdatedAt).Take(8).ToListAsync(ct);
        var now = DateTime.UtcNow;
        var counts = await db.EventOccurrences.AsNoTracking().Where(o => o.IsPublic && o.SeriesKey != null && o.EndUtc > now)
            .GroupBy(o => o.SeriesKey).Select(g => new { g.Key, Events = g.Select(o => o.EventId).Distinct().Count() }).ToListAsync(ct);
        var seriesNames = await db.ContentNodes.AsNoTracking().Where(n => n.ContentType == "eventSeries").ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        EventsPerSeries = counts.Select(c => (seriesNames.GetValueOrDefault(c.Key!.Value, "Ukendt serie"), c.Events)).OrderBy(c => c.Item1).ToList();
    }
}
