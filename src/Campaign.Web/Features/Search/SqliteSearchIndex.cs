using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

public sealed class SqliteSearchIndex(CampaignDb db) : ISearchIndex
{
    // Terms hold only [a-z0-9] after DanishText, so quoting them leaves no FTS5 syntax for a user to inject.
    // Only the title and text columns are searched; the type column is for narrowing and counting.
    private static string Match(IReadOnlyList<string> terms, string? type = null) =>
        (type is null ? "" : $"\"Type\" : \"{Clean(type)}\" AND ")
        + "{\"TitleTerms\" \"Terms\"} : (" + string.Join(" AND ", terms.Select(Term)) + ")";

    // A short term as a prefix would expand to thousands of index terms; only longer ones match as prefixes.
    private static string Term(string term) => term.Length >= 4 ? $"\"{term}\"*" : $"\"{term}\"";

    public async Task<IReadOnlyList<SearchHit>> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct)
    {
        // Rank inside the full-text index alone (no document read per match), then weigh the best few by type.
        var match = Match(terms, type);
        var pool = type is null ? Math.Max(200, (skip + take) * 4) : skip + take;
        return await db.Database.SqlQuery<SearchHit>($"""
            WITH top AS (
              SELECT rowid AS id, bm25("SearchFts", 0.0, 8.0, 1.0) AS score FROM "SearchFts"
              WHERE "SearchFts" MATCH {match} ORDER BY score LIMIT {pool}
            )
            SELECT d."Key", d."Type", d."Title", d."Url", d."Text",
                   top.score * (CASE d."Type" WHEN 'arrangement' THEN 0.5 ELSE 1.0 END) AS "Rank"
            FROM top JOIN "SearchDocuments" d ON d."Id" = top.id
            ORDER BY "Rank", d."Id"
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> KeysAsync(IReadOnlyList<string> terms, string type, CancellationToken ct)
    {
        var match = Match(terms, type);
        return await db.Database.SqlQuery<string>($"""
            SELECT d."Key" AS "Value" FROM "SearchFts" JOIN "SearchDocuments" d ON d."Id" = "SearchFts".rowid
            WHERE "SearchFts" MATCH {match}
            """).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        foreach (var (type, _) in SearchTypes.All)
        {
            var match = Match(terms, type);
            var count = await db.Database.SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "SearchFts" WHERE "SearchFts" MATCH {match}""").SingleAsync(ct);
            if (count > 0)
            {
                counts[type] = count;
            }
        }

        return counts;
    }

    public async Task<IReadOnlyList<string>> TermsOfLengthAsync(int min, int max, CancellationToken ct) =>
        await db.Database.SqlQuery<string>($"""SELECT DISTINCT term AS "Value" FROM "SearchVocab" WHERE length(term) BETWEEN {min} AND {max}""").ToListAsync(ct);

    private static string Clean(string type) => new(type.Where(char.IsAsciiLetterLower).ToArray());
}
