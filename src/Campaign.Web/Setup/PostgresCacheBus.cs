using Campaign.Web.Content;
using Microsoft.AspNetCore.OutputCaching;
using Npgsql;

namespace Campaign.Web.Setup;

/// <summary>
/// The cache bus across nodes that share one PostgreSQL database: NOTIFY on a change, LISTEN for the others'.
/// After a lost connection it rebuilds everything once (every tag in <see cref="CacheTags.Shared"/>), since
/// notifications sent meanwhile are gone. A failure while applying a change (a concurrent re-index on the shared search
/// table, a dropped connection) ends the round; the loop logs it, reconnects and catches up, and the site keeps serving.
/// </summary>
public sealed class PostgresCacheBus(IConfiguration configuration, IServiceProvider services, TimeProvider clock, BackgroundHealth health, ILogger<PostgresCacheBus> log)
    : BackgroundLoop(health, clock, log), ICacheBus
{
    private const string Channel = "campaign_cache";
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly string _connection = configuration.GetConnectionString("Campaign")!;
    private bool _listenedBefore;

    public override string Name => "Besked til de andre servere om ændringer";

    public async Task NotifyAsync(string tag, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", $"{_node}:{tag}");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Listens until the connection is lost (then the base class waits, and the next round reconnects).</summary>
    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(stoppingToken);
        var received = new List<string>();
        connection.Notification += (_, e) => received.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        if (_listenedBefore)
        {
            await CatchUpAsync(stoppingToken);
        }

        _listenedBefore = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
            foreach (var payload in received.ToList())
            {
                received.Remove(payload);
                var parts = payload.Split(':', 2);
                if (parts.Length == 2 && parts[0] != _node)
                {
                    await ApplyAsync(parts[1], stoppingToken);
                }
            }
        }

        return TimeSpan.Zero;
    }

    /// <summary>After a reconnect: everything another node may have changed meanwhile is rebuilt or evicted.</summary>
    internal async Task CatchUpAsync(CancellationToken ct)
    {
        foreach (var tag in CacheTags.Shared)
        {
            await ApplyAsync(tag, ct);
        }
    }

    private async Task ApplyAsync(string tag, CancellationToken ct)
    {
        Log.LogInformation("Another node changed {Tag}; refreshing", tag);
        if (services.GetServices<ICacheBusHandler>().FirstOrDefault(h => h.Handles(tag)) is { } handler)
        {
            await handler.ApplyAsync(tag, ct);
        }
        else if (tag == PublishedContentCache.OutputCacheTag)
        {
            await services.GetRequiredService<PublishedContentCache>().RefreshAsync(ct, tellOtherNodes: false);
        }
        else
        {
            await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(tag, ct);
        }
    }
}
