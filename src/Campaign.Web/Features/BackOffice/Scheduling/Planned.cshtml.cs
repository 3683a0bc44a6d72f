using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Scheduling;

/// <summary>
/// /redaktion/indhold/planlagt: everything planned to go live or come down, day by day (Copenhagen time), with the plans
/// that failed first and why, and what was carried out in the last 30 days.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class PlannedModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public sealed record Entry(ScheduledAction Action, string PageName, bool PageExists);

    public IReadOnlyList<Entry> Failed { get; private set; } = [];
    public IReadOnlyList<IGrouping<DateOnly, Entry>> Coming { get; private set; } = [];
    public IReadOnlyList<Entry> Done { get; private set; } = [];

    public string Title => "Planlagt";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Indhold", "/redaktion/indhold"), new("Planlagt", "/redaktion/indhold/planlagt")];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var actions = await db.ScheduledActions.AsNoTracking()
            .Where(a => a.Status == ScheduledStatus.Waiting || a.Status == ScheduledStatus.Failed || a.AtUtc >= since)
            .OrderBy(a => a.AtUtc).ToListAsync(ct);
        var ids = actions.Select(a => a.NodeId).Distinct().ToList();
        var names = await db.ContentNodes.AsNoTracking().Where(n => ids.Contains(n.Id))
            .Select(n => new { n.Id, n.Name, n.IsTrashed }).ToDictionaryAsync(n => n.Id, ct);
        Entry Of(ScheduledAction a) => names.TryGetValue(a.NodeId, out var n)
            ? new Entry(a, n.IsTrashed ? n.Name + " (i papirkurven)" : n.Name, !n.IsTrashed)
            : new Entry(a, "(slettet side)", false);

        Failed = actions.Where(a => a.Status == ScheduledStatus.Failed && (a.AcknowledgedAt == null || a.AtUtc >= since))
            .OrderByDescending(a => a.AtUtc).Select(Of).ToList();
        Coming = actions.Where(a => a.Status == ScheduledStatus.Waiting).Select(Of)
            .GroupBy(e => DateOnly.FromDateTime(CopenhagenTime.ToLocal(e.Action.AtUtc))).ToList();
        Done = actions.Where(a => a.Status == ScheduledStatus.Done).OrderByDescending(a => a.AtUtc).Select(Of).ToList();
    }
}
