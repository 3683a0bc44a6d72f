namespace Campaign.Web.Features.Search;

/// <summary>What /soeg and the event listing's text filter ask: Danish terms, ranked hits, facets, and a second try for typos.</summary>
public sealed class SiteSearch(ISearchIndex index)
{
    public async Task<SearchResults> SearchAsync(string? query, string? type, int skip, int take, CancellationToken ct)
    {
        var terms = DanishText.QueryTerms(query);
        if (terms.Count == 0)
        {
            return SearchResults.Empty(query ?? "");
        }

        var (hits, total) = await index.FindAsync(terms, type, skip, take, ct);
        string? suggestion = null;
        if (total == 0 && await CorrectAsync(terms, ct) is { } corrected)
        {
            (hits, total) = await index.FindAsync(corrected, type, skip, take, ct);
            if (total > 0)
            {
                terms = corrected;
                suggestion = string.Join(' ', corrected);
            }
        }

        var facets = total == 0 && type is null ? new Dictionary<string, int>() : await index.CountByTypeAsync(terms, ct);
        return new SearchResults(query!, hits, total, facets, terms, suggestion);
    }

    /// <summary>Ids of public events matching the text, best first; used by the listing's q filter.</summary>
    public async Task<IReadOnlyCollection<Guid>> MatchingEventIdsAsync(string text, int max, CancellationToken ct)
    {
        var results = await SearchAsync(text, SearchTypes.Event, 0, max, ct);
        return results.Hits.Select(h => Guid.TryParse(h.Key.AsSpan(SearchTypes.Event.Length + 1), out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToHashSet();
    }

    /// <summary>Each term not found replaced by the closest known term, or null if nothing changed.</summary>
    private async Task<IReadOnlyList<string>?> CorrectAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        var corrected = new List<string>(terms.Count);
        var changed = false;
        foreach (var term in terms)
        {
            var (_, found) = await index.FindAsync([term], null, 0, 1, ct);
            if (found > 0 || term.Length < 4)
            {
                corrected.Add(term);
                continue;
            }

            var candidates = await index.TermsOfLengthAsync(term.Length - 2, term.Length + 2, ct);
            var closest = DanishText.ClosestTerm(term, candidates);
            corrected.Add(closest ?? term);
            changed |= closest is not null;
        }

        return changed ? corrected : null;
    }
}
