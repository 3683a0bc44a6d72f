using Campaign.Web.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Content;

/// <summary>Told about each new snapshot, e.g. to keep the search index in step with what is published.</summary>
public interface ISnapshotListener
{
    Task PublishedAsync(PublishedSnapshot snapshot, CancellationToken ct);
}

/// <summary>
/// Holds the current <see cref="PublishedSnapshot"/>. After a publish the snapshot is rebuilt and every
/// output-cached public page that shows content is evicted, on this node and (through the cache bus) on the others.
/// </summary>
public sealed class PublishedContentCache(IServiceScopeFactory scopes, IOutputCacheStore outputCache, ICacheBus bus, ILogger<PublishedContentCache> log)
{
    public const string OutputCacheTag = "content";

    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile PublishedSnapshot? _current;

    public PublishedSnapshot Current => _current ?? throw new InvalidOperationException("The published content cache has not been built; call RefreshAsync at start.");

    /// <summary>Builds a fresh snapshot from the database and evicts cached pages, here and (unless told by another node) on the other nodes.</summary>
    public async Task RefreshAsync(CancellationToken ct = default, bool tellOtherNodes = true)
    {
        await _rebuild.WaitAsync(ct);
        try
        {
            PublishedSnapshot snapshot;
            await using (var scope = scopes.CreateAsyncScope())
            {
                snapshot = await LoadAsync(scope.ServiceProvider.GetRequiredService<CampaignDb>(), ct);
            }

            _current = snapshot;
            await TellListenersAsync(snapshot, ct);
            log.LogInformation("Published content cache built with {Count} pages", snapshot.Pages.Count);
        }
        finally
        {
            _rebuild.Release();
        }

        await outputCache.EvictByTagAsync(OutputCacheTag, ct);
        if (tellOtherNodes)
        {
            await bus.NotifyAsync(OutputCacheTag, ct);
        }
    }

    /// <summary>
    /// Brings the listeners (the search index) in step. Another node may be re-indexing the same snapshot into the
    /// shared table at this moment, so a write that collides is tried once more in a fresh unit of work. The new
    /// snapshot is already live either way: a listener that still fails is logged and catches up at the next refresh,
    /// rather than turning a publish that was committed into an error page.
    /// </summary>
    private async Task TellListenersAsync(PublishedSnapshot snapshot, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var listener in scope.ServiceProvider.GetServices<ISnapshotListener>())
                {
                    await listener.PublishedAsync(snapshot, ct);
                }

                return;
            }
            catch (DbUpdateException e) when (attempt == 1)
            {
                log.LogWarning(e, "Updating the search index for the new snapshot collided with another writer; trying once more");
            }
            catch (DbUpdateException e)
            {
                log.LogError(e, "The search index could not be updated for the new snapshot; it catches up at the next publish");
                return;
            }
        }
    }

    private static async Task<PublishedSnapshot> LoadAsync(CampaignDb db, CancellationToken ct)
    {
        var rows = await db.ContentNodes.AsNoTracking()
            .Where(n => !n.IsTrashed && n.PublishedVersionId != null)
            .Join(db.ContentVersions, n => n.PublishedVersionId, v => (Guid?)v.Id, (n, v) => new
            {
                n.Id,
                n.ParentId,
                n.ContentType,
                n.Segment,
                n.SortOrder,
                v.Name,
                v.Data,
                PublishedAt = v.PublishedAt ?? v.CreatedAt,
            })
            .ToListAsync(ct);

        var redirects = await db.Redirects.AsNoTracking().ToDictionaryAsync(r => r.Path, r => r.NodeId, StringComparer.OrdinalIgnoreCase, ct);

        var byParent = rows.ToLookup(r => r.ParentId);
        var pages = new List<PublishedPage>(rows.Count);

        // Walk down from the root so a page under an unpublished parent is not reachable.
        void AddChildren(PublishedPage? parent, Guid? parentId)
        {
            foreach (var row in byParent[parentId].OrderBy(r => r.SortOrder).ThenBy(r => r.Name, StringComparer.Ordinal))
            {
                if (!ContentTypes.All.TryGetValue(row.ContentType, out var type))
                {
                    continue;
                }

                var url = parent is null ? "/" : parent.Url == "/" ? "/" + row.Segment : parent.Url + "/" + row.Segment;
                var page = new PublishedPage
                {
                    Id = row.Id,
                    Type = type,
                    Name = row.Name,
                    Url = url,
                    SortOrder = row.SortOrder,
                    Data = ContentJson.Deserialize(row.Data),
                    PublishedAt = row.PublishedAt,
                    Parent = parent,
                };
                parent?.AddChild(page);
                pages.Add(page);
                AddChildren(page, row.Id);
            }
        }

        // Only the first root is the site; further roots would need hostnames, which this site does not have.
        var root = byParent[null].OrderBy(r => r.SortOrder).FirstOrDefault();
        if (root is not null)
        {
            var rootOnly = rows.Where(r => r.ParentId is null && r.Id != root.Id).Select(r => r.Id).ToHashSet();
            byParent = rows.Where(r => !rootOnly.Contains(r.Id)).ToLookup(r => r.ParentId);
            AddChildren(null, null);
        }

        return new PublishedSnapshot(pages, redirects);
    }
}
