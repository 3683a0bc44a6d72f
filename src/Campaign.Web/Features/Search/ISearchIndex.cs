namespace Campaign.Web.Features.Search;

public sealed record SearchHit(string Key, string Type, string Title, string Url, string Text, double Rank);

public sealed record SearchResults(
    string Query,
    IReadOnlyList<SearchHit> Hits,
    int Total,
    IReadOnlyDictionary<string, int> Facets,
    IReadOnlyList<string> Terms,
    string? Suggestion)
{
    public static SearchResults Empty(string query) => new(query, [], 0, new Dictionary<string, int>(), [], null);
}

/// <summary>
/// Full-text search over <see cref="SearchDocument"/>s: FTS5 on SQLite, tsvector on PostgreSQL. Both search the same
/// Danish terms (stemmed and folded by <see cref="DanishText"/>), so they find the same things.
/// </summary>
public interface ISearchIndex
{
    /// <summary>
    /// Ranked hits for the already-normalised terms (all must match, each as a prefix), optionally of one type.
    /// Events rank at half weight, so pages about a subject come before the many events that mention it.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct);

    /// <summary>
    /// The keys of every document of the type that matches the terms, unranked and unlimited: for filters that
    /// combine the text with other conditions (the event listing's q), where a ranked top-N would drop matches.
    /// </summary>
    Task<IReadOnlyList<string>> KeysAsync(IReadOnlyList<string> terms, string type, CancellationToken ct);

    /// <summary>How many documents of each type match the terms (the total is their sum).</summary>
    Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(IReadOnlyList<string> terms, CancellationToken ct);

    /// <summary>Known terms with a length in the range, for typo tolerance.</summary>
    Task<IReadOnlyList<string>> TermsOfLengthAsync(int min, int max, CancellationToken ct);
}
