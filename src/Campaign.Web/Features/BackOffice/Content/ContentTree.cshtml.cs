using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>/redaktion/indhold: the content tree with each page's state, and a way to add a page under any page.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ContentTreeModel(CampaignDb db, ContentCommands commands) : PageModel, IPageMeta
{
    public sealed record Row(ContentNode Node, int Depth, string State);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    [BindProperty] public Guid ParentId { get; set; }
    [BindProperty] public string ContentType { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    public string? Error { get; private set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Indhold";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Indhold", "/redaktion/indhold")];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            return await Invalid("Giv siden et navn (højst 200 tegn).", ct);
        }

        try
        {
            var node = await commands.CreateAsync(ParentId, ContentType, Name, new ContentData(), User.Identity!.Name!, ct);
            return Redirect($"/redaktion/indhold/{node.Id}");
        }
        catch (ContentException e)
        {
            return await Invalid(e.Message, ct);
        }
    }

    private async Task<IActionResult> Invalid(string message, CancellationToken ct)
    {
        Error = message;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var nodes = await db.ContentNodes.AsNoTracking().Where(n => !n.IsTrashed).OrderBy(n => n.SortOrder).ThenBy(n => n.Name).ToListAsync(ct);
        var byParent = nodes.ToLookup(n => n.ParentId);
        var rows = new List<Row>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var node in byParent[parent])
            {
                var state = !node.IsPublished ? "Kladde – ikke udgivet" : node.DraftVersionId is not null ? "Udgivet – med ændringer i kladde" : "Udgivet";
                rows.Add(new Row(node, depth, state));
                Walk(node.Id, depth + 1);
            }
        }

        Walk(null, 0);
        Rows = rows;
    }
}
