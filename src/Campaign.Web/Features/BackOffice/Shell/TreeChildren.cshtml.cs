using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Shell;

/// <summary>/redaktion/indhold/trae/{id}: the children of one page as a tree fragment, fetched when an editor opens it in the tree.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class TreeChildrenModel(ContentOutline outline) : PageModel
{
    public ContentTreeView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await outline.FindAsync(id, ct) is null)
        {
            return NotFound();
        }

        var items = await outline.ItemsAsync(ct);
        View = new ContentTreeView(await outline.ChildrenAsync(id, ct), items.ToLookup(i => i.ParentId), new HashSet<Guid>(), null, User.IsPublisher());
        return Page();
    }
}
