using Campaign.Web.Content;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>/redaktion/indhold/{id}/forhaandsvisning: the draft exactly as the public would see it, never cached or indexed.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class PreviewModel(ContentService content, PublishedContentCache cache) : PageModel, IPageMeta
{
    public PublishedPage Current { get; private set; } = null!;

    public string Title => Current.Title;
    public string? Description => Current.Description;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => Current.Path.Select(p => new Crumb(p.Parent is null ? "Forside" : p.Name, p.Url)).ToList();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
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

        if (node.Current is not { } version)
        {
            return NotFound();
        }

        var snapshot = cache.Current;
        var live = snapshot.FindById(id);
        var parent = node.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        Current = new PublishedPage
        {
            Id = node.Id,
            Type = ContentTypes.Get(node.ContentType),
            Name = version.Name,
            Url = live?.Url ?? (parent is null ? "/" : parent.Url.TrimEnd('/') + "/" + node.Segment),
            SortOrder = node.SortOrder,
            Data = version.ReadData(),
            PublishedAt = version.CreatedAt,
            Parent = parent,
        };
        foreach (var child in live?.Children ?? [])
        {
            Current.AddChild(child);
        }

        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        return Page();
    }
}
