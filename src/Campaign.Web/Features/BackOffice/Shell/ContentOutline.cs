using Campaign.Web.Content;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Shell;

/// <summary>
/// The content tree as the back office's shell shows it: every page that is not in the recycle bin, with its state,
/// read once per request (a few columns, no versions) and shared by the tree, the breadcrumbs and the create dialog.
/// </summary>
public sealed class ContentOutline(CampaignDb db)
{
    public sealed record Item(Guid Id, Guid? ParentId, string Name, string ContentType, int SortOrder, bool IsPublished, bool HasDraft)
    {
        public ContentType Type => ContentTypes.All.TryGetValue(ContentType, out var type) ? type : ContentTypes.Page;

        /// <summary>In Danish, for a tooltip and screen readers.</summary>
        public string State => !IsPublished ? "Ikke udgivet" : HasDraft ? "Udgivet, med ændringer i kladde" : "Udgivet";
    }

    private IReadOnlyList<Item>? _items;
    private ILookup<Guid?, Item>? _children;

    public async Task<IReadOnlyList<Item>> ItemsAsync(CancellationToken ct = default)
    {
        _items ??= await db.ContentNodes.AsNoTracking().Where(n => !n.IsTrashed)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Name)
            .Select(n => new Item(n.Id, n.ParentId, n.Name, n.ContentType, n.SortOrder, n.PublishedVersionId != null, n.DraftVersionId != null))
            .ToListAsync(ct);
        return _items;
    }

    public async Task<IReadOnlyList<Item>> ChildrenAsync(Guid? parentId, CancellationToken ct = default)
    {
        _children ??= (await ItemsAsync(ct)).ToLookup(i => i.ParentId);
        return _children[parentId].ToList();
    }

    public async Task<Item?> FindAsync(Guid id, CancellationToken ct = default) => (await ItemsAsync(ct)).FirstOrDefault(i => i.Id == id);

    /// <summary>The page and the pages above it, from the root down; empty when the page is unknown or in the recycle bin.</summary>
    public async Task<IReadOnlyList<Item>> PathAsync(Guid id, CancellationToken ct = default)
    {
        var items = (await ItemsAsync(ct)).ToDictionary(i => i.Id);
        var path = new List<Item>();
        for (Guid? at = id; at is { } current && items.TryGetValue(current, out var item) && path.Count <= items.Count; at = item.ParentId)
        {
            path.Add(item);
        }

        path.Reverse();
        return path;
    }
}
