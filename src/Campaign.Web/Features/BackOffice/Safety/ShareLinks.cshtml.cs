using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>/redaktion/indhold/{id}/delelink: make a preview link for a colleague without an account, or withdraw one.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ShareLinksModel(CampaignDb db, TimeProvider clock) : PageModel
{
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public IActionResult OnGet(Guid id) => Redirect($"/redaktion/indhold/{id}#del");

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var node = await db.ContentNodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && !n.IsTrashed, ct);
        if (node is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var link = PreviewLink.For(id, User.Identity!.Name!, now);
        db.PreviewLinks.Add(link);
        db.Record(User.Identity.Name!, "Lavede delelink til forhåndsvisning", "Side", id, now, $"{node.Name}, udløber {link.ExpiresAt:yyyy-MM-dd HH:mm} UTC");
        await db.SaveChangesAsync(ct);
        Message = $"Linket er lavet. Det viser kladden, som den ser ud, når linket åbnes, og virker til {Campaign.Web.Features.Events.CopenhagenTime.ToLocal(link.ExpiresAt).ToString("d. MMMM 'kl.' HH.mm", Danish.Culture)}.";
        return Redirect($"/redaktion/indhold/{id}#del");
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, Guid linkId, CancellationToken ct)
    {
        var link = await db.PreviewLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.NodeId == id, ct);
        if (link is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        link.Revoke(User.Identity!.Name!, now);
        db.Record(User.Identity.Name!, "Trak delelink tilbage", "Side", id, now);
        await db.SaveChangesAsync(ct);
        Message = "Linket er trukket tilbage og virker ikke længere.";
        return Redirect($"/redaktion/indhold/{id}#del");
    }
}
