using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Templates;

/// <summary>/redaktion/indhold/skabeloner: the saved starting points; a page is saved as one from its editor, and used from the create dialog.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class TemplatesModel(CampaignDb db, ContentService content, TimeProvider clock) : PageModel, IPageMeta
{
    public IReadOnlyList<ContentTemplate> Templates { get; private set; } = [];
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Skabeloner";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Indhold", "/redaktion/indhold"), new("Skabeloner", "/redaktion/indhold/skabeloner")];

    public async Task OnGetAsync(CancellationToken ct) =>
        Templates = await db.ContentTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);

    public async Task<IActionResult> OnPostSaveAsync(Guid id, string? name, CancellationToken ct)
    {
        ContentNode node;
        try
        {
            node = await content.LoadAsync(id, ct);
        }
        catch (ContentNotFoundException)
        {
            return NotFound();
        }

        if (node.IsTrashed)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var template = ContentTemplate.From(name ?? "", node, User.Identity!.Name!, now);
            db.ContentTemplates.Add(template);
            db.Record(User.Identity.Name!, "Gemte side som skabelon", "Skabelon", template.Id, now, $"{template.Name} (fra {node.Name})");
            await db.SaveChangesAsync(ct);
            Message = $"Skabelonen \"{template.Name}\" er gemt. Vælg den under \"Start fra\", når du opretter en side.";
        }
        catch (ContentRuleException e)
        {
            Message = e.Message;
        }

        return Redirect($"/redaktion/indhold/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid templateId, CancellationToken ct)
    {
        var template = await db.ContentTemplates.SingleOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null)
        {
            return NotFound();
        }

        db.ContentTemplates.Remove(template);
        db.Record(User.Identity!.Name!, "Slettede skabelon", "Skabelon", template.Id, clock.GetUtcNow().UtcDateTime, template.Name);
        await db.SaveChangesAsync(ct);
        Message = $"Skabelonen \"{template.Name}\" er slettet. Sider, der er lavet ud fra den, er uændrede.";
        return Redirect("/redaktion/indhold/skabeloner");
    }
}
