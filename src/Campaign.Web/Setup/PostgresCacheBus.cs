using Campaign.Web.Content;
using Microsoft.AspNetCore.OutputCaching;
using Npgsql;

namespace Campaign.Web.Setup;

/// <summary>
/// The cache bus across nodes that share one PostgreSQL database: NOTIFY on a change, LISTEN for the others'.
/// After a lost connection it rebuilds everything once, since notifications sent meanwhile are gone.
/// </summary>
public sealed class PostgresCacheBus(IConfiguration configuration, IServiceProvider services, ILogger<PostgresCacheBus> log) : BackgroundService, ICacheBus
{
    private const string Channel = "campaign_cache";
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly string _connection = configuration.GetConnectionString("Campaign")!;

    public async Task NotifyAsync(string tag, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", $"{_node}:{tag}");
        await command.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_connection);
                await connection.OpenAsync(stoppingToken);
                var received = new List<string>();
                connection.Notification += (_, e) => received.Add(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (reconnecting)
                {
                    await ApplyAsync(PublishedContentCache.OutputCacheTag, stoppingToken);
                    await ApplyAsync(Features.Events.EventChanges.OutputCacheTag, stoppingToken);
                    reconnecting = false;
                }

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
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Lost the cache notification connection to PostgreSQL; retrying in 5 seconds");
                reconnecting = true;
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task ApplyAsync(string tag, CancellationToken ct)
    {
        log.LogInformation("Another node changed {Tag}; refreshing", tag);
        if (tag == PublishedContentCache.OutputCacheTag)
        {
            await services.GetRequiredService<PublishedContentCache>().RefreshAsync(ct, tellOtherNodes: false);
        }
        else
        {
            await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(tag, ct);
        }
    }
}
