using Campaign.Web.Content;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Setup;

/// <summary>
/// The output cache in Redis, shared by every node, so an eviction by tag on one node is seen by all. While Redis is away
/// a page is neither found nor stored (served uncached, never a 5xx); evictions that could not be made are caught up when
/// the connection is back, by evicting every shared tag, since a Redis that was only cut off still holds the old pages.
/// </summary>
public sealed class SharedOutputCacheStore : IOutputCacheStore
{
    private readonly IOutputCacheStore _redis;
    private readonly RedisConnection _connection;
    private readonly ILogger<SharedOutputCacheStore> _log;

    public SharedOutputCacheStore(IOutputCacheStore redis, RedisConnection connection, ILogger<SharedOutputCacheStore> log)
    {
        _redis = redis;
        _connection = connection;
        _log = log;
        _connection.Restored += () => _ = CatchUpAsync();
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!_connection.IsAvailable)
        {
            return null;
        }

        try
        {
            return await _redis.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            _log.LogWarning("Output cache read skipped, Redis is unavailable: {Reason}", e.Message);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!_connection.IsAvailable)
        {
            return;
        }

        try
        {
            await _redis.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            _log.LogWarning("Output cache write skipped, Redis is unavailable: {Reason}", e.Message);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (!_connection.IsAvailable)
        {
            _log.LogWarning("Eviction of {Tag} waits until Redis is back", tag);
            return;
        }

        try
        {
            await _redis.EvictByTagAsync(tag, cancellationToken);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            _log.LogWarning("Eviction of {Tag} waits until Redis is back: {Reason}", tag, e.Message);
        }
    }

    // Runs on the Redis client's event thread with nobody to await it, so nothing may escape.
    private async Task CatchUpAsync()
    {
        try
        {
            foreach (var tag in CacheTags.Shared)
            {
                await EvictByTagAsync(tag, CancellationToken.None);
            }

            _log.LogInformation("Evicted every shared output-cache tag after Redis came back");
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Could not evict the shared output-cache tags after Redis came back; pages expire on their own");
        }
    }
}
