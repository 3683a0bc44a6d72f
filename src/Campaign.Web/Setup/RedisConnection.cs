using StackExchange.Redis;

namespace Campaign.Web.Setup;

/// <summary>
/// The node's one connection to Redis (<c>ConnectionStrings:Redis</c>). Redis holds only what can be lost: the shared
/// output cache and the shared rate-limit counters. So the connection never blocks a request: it does not wait for Redis
/// at start, a command while Redis is away fails at once instead of queueing, and the client reconnects by itself. While
/// it is away the site serves uncached pages with per-node rate limits, /health says Degraded, and the dashboard says why.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    /// <summary>As editors see it on the dashboard while Redis is away.</summary>
    public const string HealthName = "Redis (fælles cache og hastighedsgrænser)";

    private readonly ILogger<RedisConnection> _log;
    private readonly BackgroundHealth _health;
    private readonly TimeProvider _clock;

    public RedisConnection(ConfigurationOptions options, string instanceName, BackgroundHealth health, TimeProvider clock, ILogger<RedisConnection> log)
    {
        _log = log;
        _health = health;
        _clock = clock;
        InstanceName = instanceName;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        Multiplexer.ConnectionFailed += OnConnectionFailed;
        Multiplexer.ConnectionRestored += OnConnectionRestored;
        if (!Multiplexer.IsConnected)
        {
            _log.LogWarning("Redis at {Endpoints} is not reachable at start; serving uncached with per-node rate limits until it is", string.Join(", ", options.EndPoints));
            _health.Failed(HealthName, new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis kan ikke nås."), _clock.GetUtcNow().UtcDateTime);
        }
    }

    public IConnectionMultiplexer Multiplexer { get; }

    /// <summary>Prefix of every key this site writes, so several sites (or test runs) can share one Redis.</summary>
    public string InstanceName { get; }

    /// <summary>False while Redis is away: callers skip it rather than wait for a command to fail.</summary>
    public bool IsAvailable => Multiplexer.IsConnected;

    /// <summary>
    /// Clears the dashboard's note once Redis answers. Besides <see cref="ConnectionMultiplexer.ConnectionRestored"/>, as a
    /// Redis that was away at start connects without a "restored" event.
    /// </summary>
    internal void Answered() => _health.Recovered(HealthName);

    /// <summary>Raised when the connection is back, so what was skipped meanwhile (evictions) can be caught up.</summary>
    public event Action? Restored;

    /// <summary>The connection string with the defaults that keep a request from waiting on Redis.</summary>
    public static ConfigurationOptions Parse(string connectionString)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:Redis is not a Redis connection string such as 'redis.internal:6379,password=...' ({e.Message}).", e);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException("ConnectionStrings:Redis names no server; use e.g. 'redis.internal:6379'.");
        }

        // Start without Redis, and reconnect by itself when it comes (back).
        options.AbortOnConnectFail = false;

        // A command while disconnected fails at once: the page is then served uncached rather than late.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        var text = connectionString.ToLowerInvariant();
        if (!text.Contains("connecttimeout="))
        {
            options.ConnectTimeout = 2000;
        }

        if (!text.Contains("synctimeout="))
        {
            options.SyncTimeout = 1000;
        }

        if (!text.Contains("asynctimeout="))
        {
            options.AsyncTimeout = 1000;
        }

        return options;
    }

    /// <summary>Whether an exception means "Redis is away or slow", which callers answer by going without it.</summary>
    public static bool IsOutage(Exception e) => e is RedisException or RedisTimeoutException or ObjectDisposedException;

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive)
        {
            return;
        }

        _log.LogWarning(e.Exception, "Redis at {Endpoint} is unreachable ({Failure}); serving uncached with per-node rate limits until it is back", e.EndPoint, e.FailureType);
        _health.Failed(HealthName, e.Exception ?? new RedisConnectionException(e.FailureType, "Redis kan ikke nås."), _clock.GetUtcNow().UtcDateTime);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive)
        {
            return;
        }

        _log.LogInformation("Redis at {Endpoint} is reachable again", e.EndPoint);
        _health.Recovered(HealthName);
        Restored?.Invoke();
    }

    public void Dispose() => Multiplexer.Dispose();
}
