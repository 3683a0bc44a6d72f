using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// /redaktion/indhold/{id}/tilstede: the editor's heartbeat (every 20 seconds while the page is open) answers with the
/// notice about the others on the page; "Leave" is sent when the editor closes it, so the others' notice clears at once.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class PresenceModel(CampaignDb db, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await db.ContentNodes.AnyAsync(n => n.Id == id && !n.IsTrashed, ct))
        {
            return NotFound();
        }

        var others = await db.BeatAsync(id, User.Identity!.Name!, User.FindFirst("name")?.Value ?? User.Identity.Name!, clock.GetUtcNow().UtcDateTime, ct);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new { others, message = EditingPresence.Notice(others) });
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid id, CancellationToken ct)
    {
        await db.LeaveAsync(id, User.Identity!.Name!, ct);
        return StatusCode(StatusCodes.Status204NoContent);
    }
}
