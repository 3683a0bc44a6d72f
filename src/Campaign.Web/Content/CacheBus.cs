namespace Campaign.Web.Content;

/// <summary>
/// Tells the other app nodes that something cached changed ("content" or "events"), so they rebuild their
/// published snapshot and evict their output cache too. One node on SQLite has no one to tell.
/// </summary>
public interface ICacheBus
{
    Task NotifyAsync(string tag, CancellationToken ct);
}

public sealed class LocalCacheBus : ICacheBus
{
    public Task NotifyAsync(string tag, CancellationToken ct) => Task.CompletedTask;
}
