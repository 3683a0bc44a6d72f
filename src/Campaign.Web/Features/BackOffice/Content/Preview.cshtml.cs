using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Media;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>
/// /redaktion/indhold/{id}/forhaandsvisning: a page as the public would see it, never cached or indexed. GET shows the
/// stored draft; the edit form's "Forhåndsvisning" POSTs what is in the form, rendered in memory, so looking saves no version.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class PreviewModel(CampaignDb db, ContentService content, PublishedContentCache cache, TimeProvider clock) : PageModel, IPageMeta
{
    public PublishedPage Current { get; private set; } = null!;

    /// <summary>True when the page shows the unsaved form rather than the stored draft.</summary>
    public bool Unsaved { get; private set; }

    /// <summary>What must be fixed before the shown content could be published.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public string Title => Current.Title;
    public string? Description => Current.Description;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => Current.Path.Select(p => new Crumb(p.Parent is null ? "Forside" : p.Name, p.Url)).ToList();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { Current: { } version } node)
        {
            return NotFound();
        }

        Show(node, version.Name, version.ReadData());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } node)
        {
            return NotFound();
        }

        var type = ContentTypes.Get(node.ContentType);
        ContentData data;
        string name;
        var problems = new List<string>();
        try
        {
            (name, data, _) = ContentForm.Read(Request.Form, type, node.Name);
            await db.CompleteAsync(data.Blocks, ct);
        }
        catch (ContentRuleException e)
        {
            // Nothing is stored here, so a problem is shown with the preview rather than refusing it.
            (name, data) = (node.Name, new ContentData());
            problems.Add(e.Message);
        }

        problems.AddRange(type.Validate(data));
        Unsaved = true;
        Problems = problems;
        Show(node, name, data);
        return Page();
    }

    private void Show(ContentNode node, string name, ContentData data)
    {
        var snapshot = cache.Current;
        var live = snapshot.FindById(node.Id);
        var parent = node.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        Current = new PublishedPage
        {
            Id = node.Id,
            Type = ContentTypes.Get(node.ContentType),
            Name = name,
            Url = live?.Url ?? (parent is null ? "/" : parent.Url.TrimEnd('/') + "/" + node.Segment),
            SortOrder = node.SortOrder,
            Data = data,
            PublishedAt = node.Current?.CreatedAt ?? clock.GetUtcNow().UtcDateTime,
            Parent = parent,
        };
        foreach (var child in live?.Children ?? [])
        {
            Current.AddChild(child);
        }

        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    private async Task<ContentNode?> FindAsync(Guid id, CancellationToken ct)
    {
        try
        {
            return await content.LoadAsync(id, ct);
        }
        catch (ContentNotFoundException)
        {
            return null;
        }
    }
}
