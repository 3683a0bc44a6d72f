using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

public sealed class SqliteSearchIndex(CampaignDb db) : ISearchIndex
{
    // Terms hold only [a-z0-9] after DanishText, so quoting them leaves no FTS5 syntax for a user to inject.
    private static string Match(IReadOnlyList<string> terms) => string.Join(" AND ", terms.Select(t => $"\"{t}\"*"));

    public async Task<(IReadOnlyList<SearchHit> Hits, int Total)> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct)
    {
        var match = Match(terms);
        var typed = type ?? "";
        var hits = await db.Database.SqlQuery<SearchHit>($"""
            SELECT d."Key", d."Type", d."Title", d."Url", d."Text", bm25("SearchFts", 8.0, 1.0) * (CASE d."Type" WHEN 'arrangement' THEN 0.5 ELSE 1.0 END) AS "Rank"
            FROM "SearchFts" JOIN "SearchDocuments" d ON d."Id" = "SearchFts".rowid
            WHERE "SearchFts" MATCH {match} AND ({typed} = '' OR d."Type" = {typed})
            ORDER BY "Rank", d."Id"
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(ct);
        var total = await db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM "SearchFts" JOIN "SearchDocuments" d ON d."Id" = "SearchFts".rowid
            WHERE "SearchFts" MATCH {match} AND ({typed} = '' OR d."Type" = {typed})
            """).SingleAsync(ct);
        return (hits, total);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        var match = Match(terms);
        var rows = await db.Database.SqlQuery<TypeCount>($"""
            SELECT d."Type", count(*) AS "Count" FROM "SearchFts" JOIN "SearchDocuments" d ON d."Id" = "SearchFts".rowid
            WHERE "SearchFts" MATCH {match} GROUP BY d."Type"
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.Type, r => r.Count);
    }

    public async Task<IReadOnlyList<string>> TermsOfLengthAsync(int min, int max, CancellationToken ct) =>
        await db.Database.SqlQuery<string>($"""SELECT term AS "Value" FROM "SearchVocab" WHERE length(term) BETWEEN {min} AND {max}""").ToListAsync(ct);
}

public sealed record TypeCount(string Type, int Count);
