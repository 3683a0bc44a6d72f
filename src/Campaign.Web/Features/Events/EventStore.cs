using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Events;

/// <summary>
/// Saving an event is more than SaveChanges: once it is committed the search index follows (here and, through the cache
/// bus, on the other nodes) and cached public pages that list events are evicted. Shared by demo data, moderation and
/// the association portal.
/// </summary>
public sealed class EventStore(CampaignDb db, SearchIndexer indexer, PublishedContentCache content, IOutputCacheStore outputCache, ICacheBus bus)
{
    public const string OutputCacheTag = "events";

    public async Task SaveAsync(Event evt, CancellationToken ct)
    {
        var series = evt.Details.SeriesKey is { } key ? content.Current.FindById(key)?.Title : null;
        await db.SaveChangesAsync(ct);
        await indexer.IndexEventAsync(evt, series, ct);
        await EvictAsync(ct);
    }

    /// <summary>Several events changed by one action (the back office's bulk actions): one commit, then the index follows each.</summary>
    public async Task SaveAllAsync(IReadOnlyList<Event> events, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        foreach (var evt in events)
        {
            var series = evt.Details.SeriesKey is { } key ? content.Current.FindById(key)?.Title : null;
            await indexer.IndexEventAsync(evt, series, ct);
        }

        await EvictAsync(ct);
    }

    /// <summary>Deletes the event with its dates; its search document goes once the delete is committed.</summary>
    public async Task DeleteAsync(Event evt, CancellationToken ct)
    {
        db.Events.Remove(evt);
        await db.SaveChangesAsync(ct);
        await indexer.RemoveEventAsync(evt.Id, ct);
        await EvictAsync(ct);
    }

    /// <summary>Evicts cached pages that list events, on this node and the others.</summary>
    public async Task EvictAsync(CancellationToken ct)
    {
        await outputCache.EvictByTagAsync(OutputCacheTag, ct);
        await bus.NotifyAsync(OutputCacheTag, ct);
    }

    /// <summary>A URL segment from the title that no other event has: "faellesspisning-i-asnaes", then "-2" and so on.</summary>
    public async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var baseSlug = UrlSegment.From(title);
        var taken = await db.Events.Where(e => e.Slug == baseSlug || e.Slug.StartsWith(baseSlug + "-")).Select(e => e.Slug).ToListAsync(ct);
        return UrlSegment.Unique(title, taken, atTopLevel: false);
    }
}
