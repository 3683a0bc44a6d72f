namespace Campaign.Web.Features.Search;

public sealed record SearchResults(
    string Query,
    IReadOnlyList<SearchHit> Hits,
    int Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    IReadOnlyList<string> Terms,
    string? Suggestion)
{
    private static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>();

    public static SearchResults Empty(string query) => new(query, [], 0, SearchPage.Empty.Facets, [], null);

    public IReadOnlyDictionary<string, int> Facet(string name) => Facets.GetValueOrDefault(name) ?? None;

    /// <summary>Hits per type over every hit, whatever type is chosen: the "Alle (n)" count is their sum.</summary>
    public IReadOnlyDictionary<string, int> Types => Facet(SearchFields.Type);
}

/// <summary>
/// What /soeg, the suggestions and the event listing's text filter ask of the index: the user's words as clauses
/// (synonyms added, the last word as a prefix, quoted phrases kept whole), and one corrected try when nothing matches.
/// </summary>
public sealed class SiteSearch(ISearchIndex index, SearchSynonyms synonyms)
{
    public async Task<SearchResults> SearchAsync(string? query, SearchFilters filters, SearchSort sort, int skip, int take, CancellationToken ct)
    {
        var clauses = SearchQuery.Parse(query, await synonyms.CurrentAsync(ct));
        if (clauses.Count == 0)
        {
            return SearchResults.Empty(query ?? "");
        }

        var page = index.Search(new SearchRequest(clauses, filters, sort, skip, take));
        string? suggestion = null;
        if (AllHits(page) == 0 && Corrected(clauses) is { } corrected)
        {
            var second = index.Search(new SearchRequest(corrected.Clauses, filters, sort, skip, take));
            if (AllHits(second) > 0)
            {
                (clauses, page) = (corrected.Clauses, second);
                suggestion = SearchQuery.Display(corrected.Clauses, corrected.Changed, second.Hits);
            }
        }

        return new SearchResults(query!, page.Hits, page.Total, page.Facets, SearchQuery.HighlightTerms(clauses), suggestion);
    }

    /// <summary>
    /// Ids of every public event matching the text, in no order and without a cap, with the same typo correction as the
    /// search page: the listing's q filter combines them with its date and place filters and sorts by date itself.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>> MatchingEventIdsAsync(string text, CancellationToken ct)
    {
        var clauses = SearchQuery.Parse(text, await synonyms.CurrentAsync(ct));
        if (clauses.Count == 0)
        {
            return [];
        }

        var ids = index.EventIds(clauses);
        if (ids.Count == 0 && Corrected(clauses) is { } corrected)
        {
            ids = index.EventIds(corrected.Clauses);
        }

        return ids;
    }

    /// <summary>Titles and places that start with what is typed so far, for the search box.</summary>
    public IReadOnlyList<Suggestion> Suggest(string? typed, int take)
    {
        var terms = DanishText.QueryTerms(typed);
        if (terms.Count == 0)
        {
            return [];
        }

        var places = PlaceSuggestions.StartingWith(typed!, 3);
        var titles = index.Titles(terms, take).Select(h => new Suggestion(h.Title, h.Url, SearchTypes.Singular(h.Type)));
        return places.Concat(titles).DistinctBy(s => s.Label).Take(take).ToList();
    }

    private static int AllHits(SearchPage page) => page.Facets.GetValueOrDefault(SearchFields.Type)?.Values.Sum() ?? page.Total;

    /// <summary>Each typed word the index does not know, replaced by the closest word it does; null if none changed.</summary>
    private (IReadOnlyList<SearchClause> Clauses, IReadOnlySet<int> Changed)? Corrected(IReadOnlyList<SearchClause> clauses)
    {
        var changed = new HashSet<int>();
        var result = new List<SearchClause>(clauses.Count);
        for (var i = 0; i < clauses.Count; i++)
        {
            var clause = clauses[i];
            if (clause.Typed.Count == 1 && clause.Alternatives.Count == 1 && !index.Knows(clause.Typed[0]) && index.Correct(clause.Typed[0]) is { } better)
            {
                result.Add(clause with { Alternatives = [[better]], Prefix = false });
                changed.Add(i);
            }
            else
            {
                result.Add(clause);
            }
        }

        return changed.Count > 0 ? (result, changed) : null;
    }
}
