namespace Campaign.Web.Content;

/// <summary>
/// Tells the other app nodes that something cached changed ("content" or "events"), so they rebuild their
/// published snapshot and evict their output cache too. One node on SQLite has no one to tell.
/// </summary>
public interface ICacheBus
{
    Task NotifyAsync(string tag, CancellationToken ct);
}

/// <summary>
/// Applies a bus message that is more than an output-cache eviction (a search index update, reloaded synonyms) on the
/// nodes that receive it. Every bus implementation asks these before it evicts by tag.
/// </summary>
public interface ICacheBusHandler
{
    bool Handles(string tag);

    Task ApplyAsync(string tag, CancellationToken ct);
}

public sealed class LocalCacheBus : ICacheBus
{
    public Task NotifyAsync(string tag, CancellationToken ct) => Task.CompletedTask;
}

public static class CacheTags
{
    /// <summary>
    /// Every tag that travels over the cache bus. A node that may have missed notifications (after a lost connection)
    /// applies all of them, so a tag added here is never forgotten there.
    /// </summary>
    public static readonly IReadOnlyList<string> Shared =
    [
        PublishedContentCache.OutputCacheTag,
        Features.Events.EventStore.OutputCacheTag,
        Features.Partnerships.PartnershipMembersViewComponent.OutputCacheTag,
        Features.Search.SearchIndexer.CheckTag,
        Features.Search.SearchSynonyms.BusTag,
    ];
}
