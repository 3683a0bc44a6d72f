using Campaign.Web.Setup;

namespace Campaign.Web.Features.Search;

/// <summary>This node's index with each query timed (campaign.search.duration); writes pass straight through.</summary>
public sealed class MeasuredSearchIndex(ISearchIndex inner, CampaignMetrics metrics) : ISearchIndex
{
    public SearchPage Search(SearchRequest request)
    {
        using var timing = metrics.TimeSearch("search");
        return inner.Search(request);
    }

    public IReadOnlyCollection<Guid> EventIds(IReadOnlyList<SearchClause> clauses)
    {
        using var timing = metrics.TimeSearch("event-ids");
        return inner.EventIds(clauses);
    }

    public bool Knows(string term) => inner.Knows(term);

    public string? Correct(string term)
    {
        using var timing = metrics.TimeSearch("correct");
        return inner.Correct(term);
    }

    public IReadOnlyList<SearchHit> Titles(IReadOnlyList<string> terms, int take)
    {
        using var timing = metrics.TimeSearch("suggest");
        return inner.Titles(terms, take);
    }

    public void Upsert(SearchEntry entry) => inner.Upsert(entry);

    public void Delete(string key) => inner.Delete(key);

    public void ReplacePages(IReadOnlyCollection<SearchEntry> pages) => inner.ReplacePages(pages);

    public SearchIndexState State => inner.State;
}
