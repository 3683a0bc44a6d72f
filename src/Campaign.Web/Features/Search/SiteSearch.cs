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

        var facets = await index.CountByTypeAsync(terms, ct);
        string? suggestion = null;
        if (facets.Count == 0 && await CorrectAsync(terms, ct) is { } corrected)
        {
            var correctedFacets = await index.CountByTypeAsync(corrected, ct);
            if (correctedFacets.Count > 0)
            {
                (terms, facets, suggestion) = (corrected, correctedFacets, string.Join(' ', corrected));
            }
        }

        var total = type is null ? facets.Values.Sum() : facets.GetValueOrDefault(type);
        var hits = total == 0 ? [] : await index.FindAsync(terms, type, skip, take, ct);
        return new SearchResults(query!, hits, total, facets, terms, suggestion);
    }

    /// <summary>
    /// Ids of every public event matching the text, in no order, with the same typo correction as the search page:
    /// the listing's q filter combines them with its date and place filters and sorts by date itself.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>> MatchingEventIdsAsync(string text, CancellationToken ct)
    {
        var terms = DanishText.QueryTerms(text);
        if (terms.Count == 0)
        {
            return [];
        }

        if ((await index.CountByTypeAsync(terms, ct)).Count == 0 && await CorrectAsync(terms, ct) is { } corrected)
        {
            terms = corrected;
        }

        var keys = await index.KeysAsync(terms, SearchTypes.Event, ct);
        return keys.Select(k => Guid.TryParse(k.AsSpan(SearchTypes.Event.Length + 1), out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToHashSet();
    }

    /// <summary>Each term not found replaced by the closest known term, or null if nothing changed.</summary>
    private async Task<IReadOnlyList<string>?> CorrectAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        var corrected = new List<string>(terms.Count);
        var changed = false;
        foreach (var term in terms)
        {
            if (term.Length < 4 || (await index.CountByTypeAsync([term], ct)).Count > 0)
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
