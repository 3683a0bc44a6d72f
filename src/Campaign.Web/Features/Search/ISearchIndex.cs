namespace Campaign.Web.Features.Search;

public sealed record SearchHit(string Key, string Type, string Title, string Url, string Text, double Rank);

/// <summary>
/// One thing every hit must match: a word, or a "quoted phrase". Alternatives are ways of saying it (the word as typed
/// first, then its synonyms), each a list of terms: more than one term is a phrase.
/// </summary>
public sealed record SearchClause(IReadOnlyList<IReadOnlyList<string>> Alternatives, bool Phrase, bool Prefix, string Source = "")
{
    public IReadOnlyList<string> Typed => Alternatives[0];
}

/// <summary>Narrowing by facet value: the same keys as <see cref="SearchFields.Facets"/>, values as stored.</summary>
public sealed record SearchFilters(string? Type = null, string? Municipality = null, string? Region = null, string? Series = null, string? TargetGroup = null)
{
    public static readonly SearchFilters None = new();

    public string? Get(string facet) => facet switch
    {
        SearchFields.Type => Type,
        SearchFields.Municipality => Municipality,
        SearchFields.Region => Region,
        SearchFields.Series => Series,
        SearchFields.TargetGroup => TargetGroup,
        _ => null,
    };
}

public enum SearchSort
{
    Relevance,
    Date,
}

public sealed record SearchRequest(IReadOnlyList<SearchClause> Clauses, SearchFilters Filters, SearchSort Sort, int Skip, int Take);

/// <summary>
/// A page of hits, the number of hits with the filters applied, and per facet the count of each value over every hit
/// that passes the other facets' filters (so choosing a municipality still shows how many each other one has).
/// </summary>
public sealed record SearchPage(int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets)
{
    public static readonly SearchPage Empty = new(0, [], new Dictionary<string, IReadOnlyDictionary<string, int>>());
}

public sealed record Suggestion(string Label, string Url, string Kind);

/// <summary>
/// The site's full-text index: a local Lucene index on each node, kept as a copy of the database and the published
/// snapshot. Reads never touch the database.
/// </summary>
public interface ISearchIndex
{
    SearchPage Search(SearchRequest request);

    /// <summary>Ids of every event that matches, unranked and uncapped: for the listing's q filter.</summary>
    IReadOnlyCollection<Guid> EventIds(IReadOnlyList<SearchClause> clauses);

    /// <summary>Whether any document holds the term in a text field.</summary>
    bool Knows(string term);

    /// <summary>The closest indexed term within one or two edits, or null.</summary>
    string? Correct(string term);

    /// <summary>Titles whose words start with the terms (the last one as a prefix), best first.</summary>
    IReadOnlyList<SearchHit> Titles(IReadOnlyList<string> terms, int take);

    void Upsert(SearchEntry entry);

    void Delete(string key);

    /// <summary>Makes the index hold exactly these pages (everything that is not an event).</summary>
    void ReplacePages(IReadOnlyCollection<SearchEntry> pages);

    SearchIndexState State { get; }
}

/// <summary>What a node found when it opened its index, and whether a rebuild is under way.</summary>
public sealed record SearchIndexState(string OpenedAs, bool Rebuilding, int Events, DateTime EventsUpdatedUntil, string Folder);
