using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace Campaign.Web.Setup;

/// <summary>
/// The fixed-window limits on posts and searches. With Redis the counters are shared, so a client that spreads its posts
/// over the nodes behind the load balancer meets the same limit as on one node; while Redis is away each node counts for
/// itself (limits per node, never a 5xx).
/// </summary>
public static class SharedRateLimits
{
    /// <param name="policy">The policy's name; part of the Redis key, so two policies on one client count apart.</param>
    /// <param name="client">Who is counted: an IP address or an account.</param>
    public static RateLimitPartition<string> FixedWindow(HttpContext context, string policy, string client, int permits, TimeSpan window)
    {
        var local = new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window };
        if (context.RequestServices.GetService<RedisConnection>() is not { } redis)
        {
            return RateLimitPartition.GetFixedWindowLimiter(client, _ => local);
        }

        return RateLimitPartition.Get(client, key => new FallbackRateLimiter(
            new RedisFixedWindowRateLimiter<string>($"{redis.InstanceName}{policy}:{key}", new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis.Multiplexer,
                PermitLimit = permits,
                Window = window,
            }),
            new FixedWindowRateLimiter(local),
            redis));
    }

    /// <summary>Asks the shared (Redis) limiter while Redis is there, else the node's own.</summary>
    private sealed class FallbackRateLimiter(RateLimiter shared, RateLimiter local, RedisConnection redis) : RateLimiter
    {
        public override TimeSpan? IdleDuration =>
            shared.IdleDuration is { } s && local.IdleDuration is { } l ? (s < l ? s : l) : null;

        public override RateLimiterStatistics? GetStatistics() => redis.IsAvailable ? shared.GetStatistics() : local.GetStatistics();

        // The Redis limiter cannot answer synchronously (it refuses), which sends the middleware on to AcquireAsync.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            redis.IsAvailable ? shared.AttemptAcquire(permitCount) : local.AttemptAcquire(permitCount);

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            if (redis.IsAvailable)
            {
                try
                {
                    return await shared.AcquireAsync(permitCount, cancellationToken);
                }
                catch (Exception e) when (RedisConnection.IsOutage(e))
                {
                    // Redis went away between the check and the call: count here this once.
                }
            }

            return await local.AcquireAsync(permitCount, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                shared.Dispose();
                local.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
