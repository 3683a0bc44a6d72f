using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Content;

/// <summary>
/// The rules of the content tree, shared by the back office, the scheduler and the uSync import: each operation checks
/// the content type's rules and stages its change on the <see cref="CampaignDb"/> unit of work. None of them saves;
/// <see cref="ContentCommands"/> (or the uSync import) commits the change with its audit entry in one SaveChanges and
/// refreshes the published cache after the commit.
/// </summary>
public sealed class ContentService(CampaignDb db, PublishedContentCache cache, TimeProvider clock)
{
    public async Task<ContentNode> CreateAsync(Guid? parentId, string contentType, string name, ContentData data, string by, Guid? key = null, int? sortOrder = null, CancellationToken ct = default)
    {
        var type = ContentTypes.Get(contentType);
        if (parentId is { } pid)
        {
            var parent = await db.ContentNodes.SingleOrDefaultAsync(n => n.Id == pid, ct)
                ?? throw new ContentRuleException("Den overordnede side findes ikke.");
            if (!ContentTypes.Get(parent.ContentType).AllowedChildren.Contains(type.Alias))
            {
                throw new ContentRuleException($"En {type.Name.ToLowerInvariant()} kan ikke ligge under en {ContentTypes.Get(parent.ContentType).Name.ToLowerInvariant()}.");
            }
        }
        else if (!type.AllowedAtRoot)
        {
            throw new ContentRuleException($"En {type.Name.ToLowerInvariant()} kan ikke ligge øverst i træet.");
        }

        EnsureValid(type, data, publishing: false);
        var siblings = await db.ContentNodes.Where(n => n.ParentId == parentId).Select(n => new { n.Segment, n.SortOrder }).ToListAsync(ct);
        var atTopLevel = parentId is not null && await db.ContentNodes.AnyAsync(n => n.Id == parentId && n.ParentId == null, ct);
        var segment = UrlSegment.Unique(name, siblings.Select(s => s.Segment), atTopLevel);
        var now = clock.GetUtcNow().UtcDateTime;

        var node = ContentNode.Create(key ?? Guid.CreateVersion7(now), parentId, type, name, segment,
            sortOrder ?? (siblings.Count == 0 ? 0 : siblings.Max(s => s.SortOrder) + 1), by, now);
        node.SaveDraft(name, data, by, now);
        db.ContentNodes.Add(node);
        return node;
    }

    /// <summary>
    /// A new draft. <paramref name="expectedRevision"/> is the revision the editor started from. The version is null when
    /// nothing changed, so no identical version is added.
    /// </summary>
    public async Task<(ContentNode Node, ContentVersion? Version)> SaveDraftAsync(Guid id, int expectedRevision, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.EnsureRevision(expectedRevision);
        EnsureValid(ContentTypes.Get(node.ContentType), data, publishing: false);
        var version = node.SaveDraft(name, data, by, clock.GetUtcNow().UtcDateTime);
        return (node, version);
    }

    public async Task<ContentNode> PublishAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        var draft = node.Draft ?? throw new ContentRuleException("Der er ingen kladde at udgive.");
        if (node.IsTrashed)
        {
            throw new ContentRuleException("En side i papirkurven kan ikke udgives.");
        }

        EnsureValid(ContentTypes.Get(node.ContentType), draft.ReadData());
        await FollowRenameAsync(node, draft.Name, by, ct);
        node.Publish(by, clock.GetUtcNow().UtcDateTime);
        return node;
    }

    public async Task<ContentNode> UnpublishAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.Unpublish(by, clock.GetUtcNow().UtcDateTime);
        return node;
    }

    /// <summary>
    /// Moves a page under another parent (and to a place among its siblings); a published page keeps 301s from
    /// its old addresses and those of the pages below it.
    /// </summary>
    public async Task MoveAsync(Guid id, Guid newParentId, int sortOrder, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        if (node.ParentId is null)
        {
            throw new ContentRuleException("Forsiden kan ikke flyttes.");
        }

        var parent = await db.ContentNodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == newParentId && !n.IsTrashed, ct)
            ?? throw new ContentRuleException("Den side, du vil flytte til, findes ikke.");
        if (!ContentTypes.Get(parent.ContentType).AllowedChildren.Contains(node.ContentType))
        {
            throw new ContentRuleException($"En {ContentTypes.Get(node.ContentType).Name.ToLowerInvariant()} kan ikke ligge under en {ContentTypes.Get(parent.ContentType).Name.ToLowerInvariant()}.");
        }

        var all = await db.ContentNodes.AsNoTracking().Select(n => new { n.Id, n.ParentId }).ToListAsync(ct);
        for (Guid? up = newParentId; up is { } current; up = all.SingleOrDefault(n => n.Id == current)?.ParentId)
        {
            if (current == id)
            {
                throw new ContentRuleException("En side kan ikke flyttes ind under sig selv.");
            }
        }

        var siblings = await db.ContentNodes.Where(n => n.ParentId == newParentId && n.Id != id).Select(n => n.Segment).ToListAsync(ct);
        var segment = node.ParentId == newParentId && !siblings.Contains(node.Segment)
            ? node.Segment
            : UrlSegment.Unique(node.Name, siblings, atTopLevel: parent.ParentId is null);
        await KeepOldAddressesAsync(node, by, ct);
        node.MoveTo(newParentId, sortOrder, segment, by, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Puts a page at <paramref name="index"/> among the children of <paramref name="parentId"/> (0 is first), moving it
    /// there first if it lives elsewhere, with the same rules as <see cref="MoveAsync"/>: the parent's type must allow
    /// it, a page never goes below itself, and a published page keeps 301s. The siblings are numbered anew.
    /// </summary>
    public async Task<ContentNode> PlaceAsync(Guid id, Guid parentId, int index, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        if (node.IsTrashed)
        {
            throw new ContentRuleException("En side i papirkurven kan ikke flyttes. Gendan den først.");
        }

        if (node.ParentId != parentId)
        {
            await MoveAsync(id, parentId, 0, by, ct);
        }

        var siblings = await db.ContentNodes.Where(n => n.ParentId == parentId && n.Id != id && !n.IsTrashed)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Name).ToListAsync(ct);
        siblings.Insert(Math.Clamp(index, 0, siblings.Count), node);
        for (var i = 0; i < siblings.Count; i++)
        {
            siblings[i].PlaceAt(i);
        }

        return node;
    }

    /// <summary>One place up (<paramref name="delta"/> -1) or down (+1) among its siblings: the keyboard's way to sort the tree.</summary>
    public async Task<ContentNode> ShiftAsync(Guid id, int delta, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        if (node.ParentId is not { } parentId)
        {
            throw new ContentRuleException("Forsiden kan ikke flyttes.");
        }

        var order = await db.ContentNodes.AsNoTracking().Where(n => n.ParentId == parentId && !n.IsTrashed)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Name).Select(n => n.Id).ToListAsync(ct);
        var at = order.IndexOf(id);
        var to = at + Math.Sign(delta);
        if (to < 0 || to >= order.Count)
        {
            throw new ContentRuleException(delta < 0 ? $"\"{node.Name}\" ligger allerede øverst." : $"\"{node.Name}\" ligger allerede nederst.");
        }

        return await PlaceAsync(id, parentId, to, by, ct);
    }

    /// <summary>A copy of the page (its current version) next to it, as an unpublished draft named "… (kopi)".</summary>
    public async Task<ContentNode> CopyAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        if (node.ParentId is null || node.Current is not { } version)
        {
            throw new ContentRuleException("Forsiden kan ikke kopieres.");
        }

        return await CreateAsync(node.ParentId, node.ContentType, $"{version.Name} (kopi)", version.ReadData(), by, ct: ct);
    }

    public async Task<ContentNode> TrashAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.MoveToTrash(by, clock.GetUtcNow().UtcDateTime);
        return node;
    }

    public async Task<ContentNode> RestoreAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.Restore(by, clock.GetUtcNow().UtcDateTime);
        return node;
    }

    /// <summary>
    /// The node with its versions. One created or changed earlier in the same unit of work is taken from the change
    /// tracker, so "create, then publish" can be one command.
    /// </summary>
    public async Task<ContentNode> LoadAsync(Guid id, CancellationToken ct)
    {
        if (db.ContentNodes.Local.FirstOrDefault(n => n.Id == id) is { } tracked)
        {
            var versions = db.Entry(tracked).Collection(n => n.Versions);
            if (!versions.IsLoaded && db.Entry(tracked).State != EntityState.Added)
            {
                await versions.LoadAsync(ct);
            }

            return tracked;
        }

        return await db.ContentNodes.Include(n => n.Versions).SingleOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new ContentNotFoundException();
    }

    /// <summary>
    /// A published page whose name changed gets the URL of its new name; its old URL, and those of the pages
    /// below it, answer 301 to where they live now.
    /// </summary>
    private async Task FollowRenameAsync(ContentNode node, string name, string by, CancellationToken ct)
    {
        if (node.ParentId is null || UrlSegment.From(name) == node.Segment)
        {
            return;
        }

        var siblings = await db.ContentNodes.Where(n => n.ParentId == node.ParentId && n.Id != node.Id).Select(n => n.Segment).ToListAsync(ct);
        var atTopLevel = await db.ContentNodes.AnyAsync(n => n.Id == node.ParentId && n.ParentId == null, ct);
        var segment = UrlSegment.Unique(name, siblings, atTopLevel);
        await KeepOldAddressesAsync(node, by, ct);
        node.MoveTo(node.ParentId, node.SortOrder, segment, by, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Before a published page's address changes: 301s from its current address and those below it.</summary>
    private async Task KeepOldAddressesAsync(ContentNode node, string by, CancellationToken ct)
    {
        if (cache.Current.FindById(node.Id) is not { } live)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var moved = new[] { live }.Concat(Descendants(live)).ToList();
        var paths = moved.Select(p => p.Url.ToLowerInvariant()).ToList();
        var existing = await db.Redirects.Where(r => paths.Contains(r.Path)).Select(r => r.Path).ToListAsync(ct);
        foreach (var page in moved.Where(p => !existing.Contains(p.Url.ToLowerInvariant())))
        {
            db.Redirects.Add(Redirect.To(page.Id, page.Url, by, now));
        }
    }

    private static IEnumerable<PublishedPage> Descendants(PublishedPage page) =>
        page.Children.SelectMany(c => new[] { c }.Concat(Descendants(c)));

    private static void EnsureValid(ContentType type, ContentData data, bool publishing = true)
    {
        var errors = type.Validate(data, publishing).ToList();
        if (errors.Count > 0)
        {
            throw new ContentValidationException(errors, publishing);
        }
    }
}
