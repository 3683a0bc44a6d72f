using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Campaign.Web.Setup;

/// <summary>
/// The one way this app runs work in the background (scheduled publishing, the outbox, the newsletter dispatch and
/// cleanup, the editors' digest, the cache bus): round after round, with a wait in between. A round that throws is
/// logged, recorded in <see cref="BackgroundHealth"/> (shown on /health and on the back-office dashboard) and tried
/// again after a pause that grows while it keeps failing. No exception leaves <see cref="ExecuteAsync"/>, so no
/// loop can stop the host, whatever its work throws.
/// </summary>
public abstract class BackgroundLoop(BackgroundHealth health, TimeProvider clock, ILogger log) : BackgroundService
{
    /// <summary>After this many failed rounds in a row a failure is no longer a hiccup: it is logged as an error.</summary>
    public const int ErrorAfter = 5;

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    /// <summary>What the loop does, in Danish, as editors see it on the dashboard.</summary>
    public abstract string Name { get; }

    /// <summary>How long to wait before the first round (so that starting the app is not slowed by it).</summary>
    protected virtual TimeSpan FirstDelay => TimeSpan.Zero;

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Log { get; } = log;

    /// <summary>One round of work; returns how long to wait before the next (zero: go on at once).</summary>
    protected abstract Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>Waits between rounds; a loop that can be woken early (new mail, an editor pressed send) overrides it.</summary>
    protected virtual Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Clock, stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first round runs on this thread.
        await Task.Yield();
        var wait = FirstDelay;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitAsync(wait, stoppingToken);
                wait = await RunOnceAsync(stoppingToken);
                if (failures > 0)
                {
                    Log.LogInformation("{Loop} works again after {Failures} failed round(s)", GetType().Name, failures);
                    health.Recovered(Name);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                wait = RetryDelay(failures);
                health.Failed(Name, e, Clock.GetUtcNow().UtcDateTime);
                if (failures >= ErrorAfter)
                {
                    Log.LogError(e, "{Loop} has failed {Failures} rounds in a row; trying again in {Wait}", GetType().Name, failures, wait);
                }
                else
                {
                    Log.LogWarning(e, "{Loop} failed (round {Failures} in a row); trying again in {Wait}", GetType().Name, failures, wait);
                }
            }
        }
    }

    /// <summary>5 s, 10 s, 20 s … up to 5 minutes: quick over a hiccup, quiet against a database that is down.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(failures - 1, 16)));
}

/// <summary>
/// What the background loops of this node last reported: which ones are failing now, since when and why. Read by the
/// health check (Degraded while one fails) and by the back-office dashboard.
/// </summary>
public sealed class BackgroundHealth
{
    public sealed record Problem(string Loop, string Error, DateTime FailingSince, DateTime LastFailure, int Failures);

    private readonly ConcurrentDictionary<string, Problem> _problems = new();

    public IReadOnlyList<Problem> Problems => _problems.Values.OrderBy(p => p.FailingSince).ToList();

    public void Failed(string loop, Exception error, DateTime now) =>
        _problems.AddOrUpdate(loop,
            _ => new Problem(loop, error.Message, now, now, 1),
            (_, known) => known with { Error = error.Message, LastFailure = now, Failures = known.Failures + 1 });

    public void Recovered(string loop) => _problems.TryRemove(loop, out _);
}

public sealed class BackgroundHealthCheck(BackgroundHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = health.Problems;
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(string.Join(" ", problems.Select(p => $"{p.Loop}: {p.Failures} fejl i træk siden {p.FailingSince:u} ({p.Error})."))));
    }
}

public static class BackgroundSetup
{
    /// <summary>
    /// The loops' shared health record, and a last guard: should an exception ever escape a background service
    /// (one not built on <see cref="BackgroundLoop"/>, say from a library), the host logs it and keeps serving.
    /// </summary>
    public static void AddBackgroundWork(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackgroundHealth>();
        builder.Services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        builder.Services.AddHealthChecks().AddCheck<BackgroundHealthCheck>("background");
    }
}
