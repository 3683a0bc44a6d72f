using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>/forening: the association's events by status, each with what to do next.</summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
public sealed class DashboardModel(CampaignDb db) : PageModel, IPageMeta
{
    public Association Association { get; private set; } = null!;
    public IReadOnlyList<Event> Events { get; private set; } = [];

    public string Title => Association.Name;
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var id = User.AssociationId();
        if (await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } association)
        {
            return NotFound();
        }

        Association = association;
        Events = await db.Events.AsNoTracking().Where(e => e.AssociationId == id)
            .OrderBy(e => e.Details.StartUtc).ToListAsync(ct);
        return Page();
    }

    public IEnumerable<Event> WithStatus(params EventStatus[] statuses) => Events.Where(e => statuses.Contains(e.Status));
}
