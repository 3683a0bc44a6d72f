using System.Diagnostics;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The search rows of the benchmark. The reference answers each query by a plain scan in this process: every public event
/// and published page, split into terms by the same Danish analysis, matched clause by clause with the rules the index
/// promises (every word; a synonym, a compound tail, or a prefix of the last word also counts; a quoted phrase in one
/// field in order). Both must find the same documents.
/// </summary>
internal static class SearchBenchmark
{
    public static readonly string[] Queries =
    [
        "fællesskaber", "strikkecafe rodovre", "\"march mod ensomhed\"", "seniorfrokost", "aeldre", "gåtur søen", "spisning", "brætspil",
    ];

    private static List<ScannedDocument>? scanned;

    /// <summary>Rebuilds the index from the seeded database, as a node does that starts without one, and prints the time.</summary>
    public static async Task<TimeSpan> RebuildAsync(IServiceProvider services)
    {
        var watch = Stopwatch.StartNew();
        await services.GetRequiredService<SearchIndexMaintenance>().RebuildAsync(default);
        Console.WriteLine($"Search index rebuilt in {watch.Elapsed.TotalSeconds:N1} s ({services.GetRequiredService<ISearchIndex>().State.Events:N0} events)");
        return watch.Elapsed;
    }

    public static async Task<Answer> SearchAsync(IServiceProvider s, int i, TimeProvider _)
    {
        var found = await s.GetRequiredService<SiteSearch>().SearchAsync(Queries[i % Queries.Length], SearchFilters.None, SearchSort.Relevance, 0, 15, default);
        return new Answer(found.Total, found.Hits.Select(h => h.Key).ToList());
    }

    public static async Task<Answer> EventIdsAsync(IServiceProvider s, int i, TimeProvider _)
    {
        var ids = await s.GetRequiredService<SiteSearch>().MatchingEventIdsAsync(Queries[i % Queries.Length], default);
        return new Answer(ids.Count, ids.Select(id => SearchIndexer.EventKey(id)).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<Answer> ScanAsync(IServiceProvider s, int i, TimeProvider _)
    {
        var keys = await ScanKeysAsync(s, i, events: false);
        return new Answer(keys.Count, keys);
    }

    public static async Task<Answer> ScanEventIdsAsync(IServiceProvider s, int i, TimeProvider _)
    {
        var keys = await ScanKeysAsync(s, i, events: true);
        return new Answer(keys.Count, keys.Order(StringComparer.Ordinal).ToList());
    }

    public static string? SameIds(Answer ours, Answer reference) =>
        ours.Total != reference.Total ? $"total {ours.Total} vs {reference.Total}"
        : !ours.Keys.SequenceEqual(reference.Keys) ? $"ids differ: {ours.Keys.Except(reference.Keys).Concat(reference.Keys.Except(ours.Keys)).First()}"
        : null;

    private static async Task<List<string>> ScanKeysAsync(IServiceProvider s, int i, bool events)
    {
        var documents = scanned ??= await LoadAsync(s);
        var clauses = SearchQuery.Parse(Queries[i % Queries.Length], await s.GetRequiredService<SearchSynonyms>().CurrentAsync(default));
        return documents.Where(d => (!events || d.IsEvent) && clauses.All(c => Matches(d, c))).Select(d => d.Key).ToList();
    }

    private static bool Matches(ScannedDocument d, SearchClause clause)
    {
        for (var a = 0; a < clause.Alternatives.Count; a++)
        {
            var terms = clause.Alternatives[a];
            if (terms.Count > 1)
            {
                if (d.Fields.Any(f => ContainsRun(f, terms)))
                {
                    return true;
                }

                continue;
            }

            var term = terms[0];
            if (d.Terms.Contains(term)
                || (!clause.Phrase && term.Length >= DanishText.MinPartLength && d.Parts.Contains(term))
                || (a == 0 && clause.Prefix && term.Length >= 3 && d.Terms.Any(t => t.StartsWith(term, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsRun(string[] field, IReadOnlyList<string> run)
    {
        for (var start = 0; start + run.Count <= field.Length; start++)
        {
            var all = true;
            for (var k = 0; k < run.Count && all; k++)
            {
                all = field[start + k] == run[k];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<List<ScannedDocument>> LoadAsync(IServiceProvider s)
    {
        var db = s.GetRequiredService<CampaignDb>();
        var content = s.GetRequiredService<PublishedContentCache>().Current;
        var entries = SearchIndexer.PagesOf(content);
        await foreach (var evt in db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled).AsAsyncEnumerable())
        {
            entries.Add(SearchIndexer.EntryOf(evt, evt.Details.SeriesKey is { } key ? content.FindById(key)?.Title : null));
        }

        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Pooled(string t) => pool.TryGetValue(t, out var p) ? p : pool[t] = t;
        return entries.Select(e =>
        {
            var fields = new[] { e.Title, e.Summary, e.Body, e.MetaText }.Select(f => DanishText.Terms(f).Select(Pooled).ToArray()).ToArray();
            var terms = fields.SelectMany(f => f).ToHashSet(StringComparer.Ordinal);
            var parts = terms.SelectMany(DanishText.CompoundParts).Select(Pooled).ToHashSet(StringComparer.Ordinal);
            return new ScannedDocument(e.Key, e.Type == SearchTypes.Event, fields, terms, parts);
        }).ToList();
    }

    private sealed record ScannedDocument(string Key, bool IsEvent, string[][] Fields, HashSet<string> Terms, HashSet<string> Parts);
}
