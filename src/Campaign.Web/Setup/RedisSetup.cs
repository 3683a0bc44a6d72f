using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Campaign.Web.Setup;

public static class RedisSetup
{
    /// <summary>Prefix of the site's keys in Redis unless <c>Redis:InstanceName</c> says otherwise.</summary>
    public const string DefaultInstanceName = "talomensomhed:";

    /// <summary>
    /// With <c>ConnectionStrings:Redis</c> set: the output cache in Redis (shared by every node, tag evictions seen by all),
    /// shared rate-limit counters (<see cref="SharedRateLimits"/>) and a "redis" health check. Without it everything stays
    /// in the node's memory, which is right for one node. Call after AddOutputCache, whose in-memory store this replaces.
    /// </summary>
    public static void AddCampaignRedis(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var options = RedisConnection.Parse(connectionString);
        var instanceName = builder.Configuration["Redis:InstanceName"] is { Length: > 0 } name ? name : DefaultInstanceName;
        builder.Services.AddSingleton(s => new RedisConnection(
            options, instanceName, s.GetRequiredService<BackgroundHealth>(), s.GetRequiredService<TimeProvider>(), s.GetRequiredService<ILogger<RedisConnection>>()));

        // Connect while the host starts, not on the first request.
        builder.Services.AddHostedService<ConnectAtStart>();

        builder.Services.AddStackExchangeRedisOutputCache(o => o.InstanceName = instanceName);
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<RedisConnection>((o, redis) =>
            o.ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer));
        var redisStore = builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        builder.Services.RemoveAll<IOutputCacheStore>();
        builder.Services.AddSingleton<IOutputCacheStore>(s => new SharedOutputCacheStore(
            (IOutputCacheStore)ActivatorUtilities.CreateInstance(s, redisStore.ImplementationType!),
            s.GetRequiredService<RedisConnection>(),
            s.GetRequiredService<ILogger<SharedOutputCacheStore>>()));

        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
    }

    private sealed class ConnectAtStart(RedisConnection redis) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(redis.IsAvailable);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Degraded (not Unhealthy) while Redis is away: the node still serves, so the load balancer keeps it.</summary>
    private sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!redis.IsAvailable)
            {
                return HealthCheckResult.Degraded("Redis kan ikke nås: siderne vises uden fælles cache, og hastighedsgrænserne tælles på hver server for sig.");
            }

            try
            {
                var latency = await redis.Multiplexer.GetDatabase().PingAsync();
                redis.Answered();
                return HealthCheckResult.Healthy($"Redis svarer på {latency.TotalMilliseconds:0} ms.");
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                return HealthCheckResult.Degraded("Redis svarer ikke: " + e.Message);
            }
        }
    }
}
