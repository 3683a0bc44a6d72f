using System.Diagnostics;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Keeps the index durable and complete: commits changes every few seconds, and at start (then every few minutes, and
/// when another node asks) compares the index's watermark with the database; a missing, stale or corrupt index is
/// rebuilt from the database into a new folder while the old one keeps answering.
/// </summary>
public sealed class SearchIndexMaintenance(
    LuceneSearchIndex index,
    IServiceScopeFactory scopes,
    IOptions<SearchOptions> options,
    BackgroundHealth health,
    TimeProvider clock,
    ILogger<SearchIndexMaintenance> log)
    : BackgroundLoop(health, clock, log), ICacheBusHandler
{
    private const int Batch = 2000;
    private readonly SemaphoreSlim _checkNow = new(0, 1);
    private DateTime _nextCheck = DateTime.MinValue;

    public override string Name => "Søgeindekset";

    /// <summary>Asks for a comparison with the database at the next round (another node changed many events).</summary>
    public void CheckSoon()
    {
        _nextCheck = DateTime.MinValue;
        if (_checkNow.CurrentCount == 0)
        {
            try
            {
                _checkNow.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already asked.
            }
        }
    }

    protected override async Task WaitAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await _checkNow.WaitAsync(delay, stoppingToken);
        }
    }

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        if (now >= _nextCheck)
        {
            _nextCheck = now + options.Value.CheckInterval;
            await CheckAsync(stoppingToken);
        }

        index.Commit();
        return options.Value.CommitInterval;
    }

    /// <summary>Rebuilds the index if it does not match the database.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        var publicEvents = db.Events.Where(e => e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled);
        var count = await publicEvents.CountAsync(ct);
        var latest = count == 0 ? DateTime.MinValue : await publicEvents.MaxAsync(e => e.UpdatedAt, ct);
        if (index.NeedsRebuild(count, latest))
        {
            var state = index.State;
            Log.LogInformation(
                "Search index ({OpenedAs}, {Indexed} events up to {Watermark:o}) is behind the database ({Count} events up to {Latest:o}); rebuilding",
                state.OpenedAs, state.Events, state.EventsUpdatedUntil, count, latest);
            await RebuildAsync(ct);
        }

        index.RemoveLeftovers();
    }

    /// <summary>
    /// Reads every public event in batches of <see cref="Batch"/> by id, plus the published pages, into a new folder,
    /// then swaps it in. Changes during the rebuild reach both folders; events changed since it began are read again at the end.
    /// </summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        var started = Clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        var session = index.StartRebuild();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
            var content = scope.ServiceProvider.GetRequiredService<PublishedContentCache>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var publicEvents = db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled);
            var total = await publicEvents.CountAsync(ct);
            var watermark = DateTime.MinValue;
            var done = 0;
            var seriesNames = new Dictionary<Guid, string?>();
            var batch = new List<Event>(Batch);

            // One streamed query: no paging by offset (quadratic) or by Guid (ordered differently on each database).
            await foreach (var evt in publicEvents.AsAsyncEnumerable().WithCancellation(ct))
            {
                batch.Add(evt);
                if (batch.Count == Batch)
                {
                    watermark = Add(batch, watermark);
                    done += batch.Count;
                    batch.Clear();
                    if (done % (Batch * 10) == 0)
                    {
                        Log.LogInformation("Search index rebuild: {Done} of {Total} events in {Elapsed:F1} s", done, total, watch.Elapsed.TotalSeconds);
                    }
                }
            }

            watermark = Add(batch, watermark);
            done += batch.Count;
            Log.LogInformation("Search index rebuild: {Done} of {Total} events in {Elapsed:F1} s", done, total, watch.Elapsed.TotalSeconds);

            // Analysis is the costly part; the writer takes documents from several threads at once.
            DateTime Add(List<Event> events, DateTime latest)
            {
                Parallel.ForEach(events, new ParallelOptions { CancellationToken = ct }, evt =>
                {
                    var series = evt.Details.SeriesKey is { } key ? SeriesName(content, seriesNames, key) : null;
                    session.Add(SearchIndexer.EntryOf(evt, series));
                });
                return events.Count > 0 && events.Max(e => e.UpdatedAt) is var max && max > latest ? max : latest;
            }

            foreach (var page in SearchIndexer.PagesOf(content.Current))
            {
                session.Add(page);
            }

            session.Complete(watermark);

            // An event saved while its batch was being written may have been overwritten by the older copy: read those again.
            var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
            var changed = await db.Events.AsNoTracking().Where(e => e.UpdatedAt >= started).Select(e => e.Id).ToListAsync(ct);
            foreach (var id in changed)
            {
                await indexer.ApplyRemoteAsync(id, ct);
            }

            index.Commit();
            Log.LogInformation("Search index rebuilt: {Count} events and {Pages} pages in {Elapsed:F1} s", done, content.Current.Pages.Count, watch.Elapsed.TotalSeconds);
        }
        catch
        {
            session.Abandon();
            throw;
        }
    }

    private static string? SeriesName(PublishedContentCache content, Dictionary<Guid, string?> names, Guid key)
    {
        lock (names)
        {
            if (!names.TryGetValue(key, out var name))
            {
                name = content.Current.FindById(key)?.Title;
                names[key] = name;
            }

            return name;
        }
    }

    bool ICacheBusHandler.Handles(string tag) => tag == SearchIndexer.CheckTag || tag.StartsWith(SearchIndexer.EventTagPrefix, StringComparison.Ordinal);

    async Task ICacheBusHandler.ApplyAsync(string tag, CancellationToken ct)
    {
        if (tag == SearchIndexer.CheckTag)
        {
            CheckSoon();
            return;
        }

        if (Guid.TryParse(tag.AsSpan(SearchIndexer.EventTagPrefix.Length), out var id))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SearchIndexer>().ApplyRemoteAsync(id, ct);
        }
    }
}
