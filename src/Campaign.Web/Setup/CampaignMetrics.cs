using System.Diagnostics;
using System.Diagnostics.Metrics;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Setup;

/// <summary>
/// The app's own measurements (meter <see cref="MeterName"/>), next to ASP.NET Core's request metrics: what an operator
/// watches on a campaign peak. Instruments cost nothing until a listener (the Prometheus exporter) collects them.
/// </summary>
public sealed class CampaignMetrics
{
    public const string MeterName = "Campaign.Web";

    /// <summary>How long a scrape may reuse the outbox figures, so two gauges (and two scrapers) cost one query.</summary>
    private static readonly TimeSpan OutboxSnapshotLifetime = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<CampaignMetrics> _log;
    private readonly Counter<long> _outputCache;
    private readonly Counter<long> _newsletterMails;
    private readonly Histogram<double> _search;
    private readonly Lock _outboxLock = new();
    private (DateTime At, long Count, double OldestAgeSeconds)? _outbox;

    public CampaignMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<CampaignMetrics> log)
    {
        _scopes = scopes;
        _clock = clock;
        _log = log;
        var meter = meters.Create(MeterName);
        _outputCache = meter.CreateCounter<long>(
            "campaign.output_cache.lookups", "{lookup}", "Output-cached pages asked for, by result: hit (served from the cache) or miss (rendered)");
        _newsletterMails = meter.CreateCounter<long>(
            "campaign.newsletter.mails_queued", "{mail}", "Newsletter issue mails queued in the outbox by the dispatch");
        _search = meter.CreateHistogram<double>(
            "campaign.search.duration", "s", "Time for one search index query, by operation",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        meter.CreateObservableGauge("campaign.outbox.backlog", () => OutboxSnapshot().Count, "{mail}", "Mails waiting in the outbox");
        meter.CreateObservableGauge(
            "campaign.outbox.oldest_age", () => OutboxSnapshot().OldestAgeSeconds, "s", "How long the oldest waiting mail has waited");
    }

    public void OutputCacheHit() => _outputCache.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public void OutputCacheMiss() => _outputCache.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    public void NewsletterMailsQueued(int count)
    {
        if (count > 0)
        {
            _newsletterMails.Add(count);
        }
    }

    /// <summary>Times one search index call; dispose the result when it returns.</summary>
    public SearchTiming TimeSearch(string operation) => new(_search, operation, Stopwatch.GetTimestamp());

    public readonly struct SearchTiming(Histogram<double> histogram, string operation, long started) : IDisposable
    {
        public void Dispose() =>
            histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
    }

    /// <summary>
    /// Read when a scraper asks (gauge callbacks are synchronous): one indexed count and one min over the waiting mails,
    /// reused for a few seconds. A failing database shows as no figure rather than a failed scrape.
    /// </summary>
    private (long Count, double OldestAgeSeconds) OutboxSnapshot()
    {
        lock (_outboxLock)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            if (_outbox is { } cached && now - cached.At < OutboxSnapshotLifetime)
            {
                return (cached.Count, cached.OldestAgeSeconds);
            }

            try
            {
                using var scope = _scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
                var pending = db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending);
                var count = pending.LongCount();
                var oldest = pending.Min(m => (DateTime?)m.CreatedAt);
                var age = oldest is { } created && created < now ? (now - created).TotalSeconds : 0;
                _outbox = (now, count, age);
                return (count, age);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                _log.LogWarning(e, "The outbox figures for the metrics could not be read");
                return (0, 0);
            }
        }
    }
}

/// <summary>
/// A base output-cache policy that only counts: a hit when a page is served from the cache, a miss when a cacheable page
/// had to be rendered. It decides nothing, so the named policies stay in charge of what is cached.
/// </summary>
public sealed class OutputCacheMetricsPolicy(CampaignMetrics metrics) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        metrics.OutputCacheHit();
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // Called for every response that went through the output cache; only pages a policy made cacheable count.
        if (context.EnableOutputCaching && context.AllowCacheLookup)
        {
            metrics.OutputCacheMiss();
        }

        return ValueTask.CompletedTask;
    }
}
