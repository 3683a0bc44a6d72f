using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>Under the content editor: preview links to share (with the live ones and a way to withdraw them) and "save as template".</summary>
public sealed class EditorToolsViewComponent(CampaignDb db, PreviewTokens tokens, IOptions<SiteOptions> site, TimeProvider clock) : ViewComponent
{
    public sealed record ShareLink(PreviewLink Link, string Url);

    public sealed record ToolsView(Guid NodeId, IReadOnlyList<ShareLink> Links);

    public async Task<IViewComponentResult> InvokeAsync(Guid nodeId)
    {
        if (!await db.ContentNodes.AnyAsync(n => n.Id == nodeId && !n.IsTrashed))
        {
            return Content("");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var links = await db.PreviewLinks.AsNoTracking().Where(l => l.NodeId == nodeId && l.RevokedAt == null && l.ExpiresAt > now)
            .OrderByDescending(l => l.CreatedAt).ToListAsync();
        var baseUrl = site.Value.BaseFor(HttpContext.Request);
        return View("/Features/BackOffice/Safety/_EditorTools.cshtml",
            new ToolsView(nodeId, links.Select(l => new ShareLink(l, $"{baseUrl}/forhaandsvisning/{tokens.For(l)}")).ToList()));
    }
}
