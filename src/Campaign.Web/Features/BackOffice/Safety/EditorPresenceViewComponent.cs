using Campaign.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// Above the content editor: the notice that someone else has the page open. Opening the editor counts as the first
/// heartbeat, so the warning works for an editor without JavaScript too; with it, the notice follows the heartbeats.
/// </summary>
public sealed class EditorPresenceViewComponent(IServiceScopeFactory scopes, TimeProvider clock) : ViewComponent
{
    public sealed record PresenceView(Guid NodeId, string? Notice);

    public async Task<IViewComponentResult> InvokeAsync(Guid nodeId)
    {
        // A unit of work of its own: the page around it may hold changes it chose not to save (a refused command).
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        if (!await db.ContentNodes.AnyAsync(n => n.Id == nodeId && !n.IsTrashed))
        {
            return Content("");
        }

        var user = UserClaimsPrincipal;
        var others = await db.BeatAsync(nodeId, user.Identity!.Name!, user.FindFirst("name")?.Value ?? user.Identity.Name!, clock.GetUtcNow().UtcDateTime, HttpContext.RequestAborted);
        return View("/Features/BackOffice/Safety/_Presence.cshtml", new PresenceView(nodeId, EditingPresence.Notice(others)));
    }
}
