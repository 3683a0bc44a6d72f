using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Content;

/// <summary>
/// The operations on the content tree that several features share (uSync import, the back office, tests):
/// they check the content type's rules, save, and bring the published cache up to date.
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

        EnsureValid(type, data);
        var siblings = await db.ContentNodes.Where(n => n.ParentId == parentId).Select(n => new { n.Segment, n.SortOrder }).ToListAsync(ct);
        var atTopLevel = parentId is not null && await db.ContentNodes.AnyAsync(n => n.Id == parentId && n.ParentId == null, ct);
        var segment = UrlSegment.Unique(name, siblings.Select(s => s.Segment), atTopLevel);
        var now = clock.GetUtcNow().UtcDateTime;

        var node = ContentNode.Create(key ?? Guid.CreateVersion7(now), parentId, type, name, segment,
            sortOrder ?? (siblings.Count == 0 ? 0 : siblings.Max(s => s.SortOrder) + 1), by, now);
        node.SaveDraft(name, data, by, now);
        db.ContentNodes.Add(node);
        await db.SaveChangesAsync(ct);
        return node;
    }

    /// <summary>Saves a new draft. <paramref name="expectedRevision"/> is the revision the editor started from.</summary>
    public async Task<ContentNode> SaveDraftAsync(Guid id, int expectedRevision, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.EnsureRevision(expectedRevision);
        EnsureValid(ContentTypes.Get(node.ContentType), data);
        node.SaveDraft(name, data, by, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(ct);
        return node;
    }

    public async Task<ContentNode> PublishAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.Publish(by, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(ct);
        await cache.RefreshAsync(ct);
        return node;
    }

    public async Task<ContentNode> UnpublishAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await LoadAsync(id, ct);
        node.Unpublish(by, clock.GetUtcNow().UtcDateTime);
        await SaveAsync(ct);
        await cache.RefreshAsync(ct);
        return node;
    }

    public async Task<ContentNode> LoadAsync(Guid id, CancellationToken ct) =>
        await db.ContentNodes.Include(n => n.Versions).SingleOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new ContentRuleException("Siden findes ikke.");

    private static void EnsureValid(ContentType type, ContentData data)
    {
        var errors = type.Validate(data).ToList();
        if (errors.Count > 0)
        {
            throw new ContentValidationException(errors);
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.FirstOrDefault()?.Entity is ContentNode node)
        {
            throw new ContentConflictException(node.Name, node.UpdatedBy, node.UpdatedAt);
        }
    }
}

public sealed class ContentValidationException(IReadOnlyList<string> errors)
    : Exception("Siden kan ikke gemmes: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
