using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice.Shell;
using Campaign.Web.Features.BackOffice.Templates;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>
/// /redaktion/indhold: the content tree with each page's state, its order (Op, Ned, Flyt: the keyboard's way to sort),
/// a search over page names, and the create dialog: under a chosen page, only the types it allows, blank or from a template.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ContentTreeModel(CampaignDb db, ContentOutline outline, ContentCommands commands) : PageModel, IPageMeta
{
    public sealed record Row(ContentOutline.Item Node, int Depth, bool First, bool Last, DateTime UpdatedAt, string UpdatedBy);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<ContentTemplate> Templates { get; private set; } = [];
    [BindProperty] public Guid ParentId { get; set; }
    [BindProperty] public string ContentType { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public Guid? TemplateId { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    /// <summary>"Opret underside" on a row: the dialog opens with that parent chosen.</summary>
    [BindProperty(SupportsGet = true, Name = "under")] public Guid? Under { get; set; }

    public string? Error { get; private set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Indhold";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Indhold", "/redaktion/indhold")];

    public ContentOutline.Item? ChosenParent => Rows.Select(r => r.Node).FirstOrDefault(n => n.Id == (Under ?? (ParentId == Guid.Empty ? null : ParentId)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Under is { } under)
        {
            ParentId = under;
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = Name.Trim();
        if (name.Length is 0 or > 200)
        {
            return await Invalid("Giv siden et navn (højst 200 tegn).", ct);
        }

        try
        {
            ContentNode node;
            if (TemplateId is { } templateId)
            {
                var template = await db.ContentTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId, ct);
                if (template is null)
                {
                    return await Invalid("Skabelonen findes ikke længere. Vælg en anden.", ct);
                }

                node = await commands.CreateFromTemplateAsync(ParentId, template, name, User.Identity!.Name!, ct);
            }
            else
            {
                node = await commands.CreateAsync(ParentId, ContentType, name, new ContentData(), User.Identity!.Name!, ct);
            }

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
        Templates = await db.ContentTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var changed = await db.ContentNodes.AsNoTracking().Where(n => !n.IsTrashed)
            .Select(n => new { n.Id, n.UpdatedAt, n.UpdatedBy }).ToDictionaryAsync(n => n.Id, ct);
        var rows = new List<Row>();
        async Task Walk(Guid? parent, int depth)
        {
            var children = await outline.ChildrenAsync(parent, ct);
            for (var i = 0; i < children.Count; i++)
            {
                var node = children[i];
                var stamp = changed.GetValueOrDefault(node.Id);
                rows.Add(new Row(node, depth, i == 0, i == children.Count - 1, stamp?.UpdatedAt ?? default, stamp?.UpdatedBy ?? ""));
                await Walk(node.Id, depth + 1);
            }
        }

        await Walk(null, 0);
        Rows = rows;
    }

    /// <summary>The rows whose name holds the search words (all of them, in any order, ignoring case).</summary>
    public IReadOnlyList<Row> Matches()
    {
        var words = (Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Rows.Where(r => words.All(w => r.Node.Name.Contains(w, StringComparison.CurrentCultureIgnoreCase))).ToList();
    }
}
