using Campaign.Web.Setup;

namespace Campaign.Web.Features.Search;

/// <summary>The provider's index with each query timed (campaign.search.duration), whichever provider answers.</summary>
public sealed class MeasuredSearchIndex(ISearchIndex inner, CampaignMetrics metrics) : ISearchIndex
{
    public async Task<IReadOnlyList<SearchHit>> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct)
    {
        using var timing = metrics.TimeSearch("find");
        return await inner.FindAsync(terms, type, skip, take, ct);
    }

    public async Task<IReadOnlyList<string>> KeysAsync(IReadOnlyList<string> terms, string type, CancellationToken ct)
    {
        using var timing = metrics.TimeSearch("keys");
        return await inner.KeysAsync(terms, type, ct);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        using var timing = metrics.TimeSearch("count");
        return await inner.CountByTypeAsync(terms, ct);
    }

    public async Task<IReadOnlyList<string>> TermsOfLengthAsync(int min, int max, CancellationToken ct)
    {
        using var timing = metrics.TimeSearch("terms");
        return await inner.TermsOfLengthAsync(min, max, ct);
    }
}
