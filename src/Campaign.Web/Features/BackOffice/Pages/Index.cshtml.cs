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
    }
}
