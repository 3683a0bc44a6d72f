using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

public sealed class SqliteSearchIndex(CampaignDb db) : ISearchIndex
{
    // Terms hold only [a-z0-9] after DanishText, so quoting them leaves no FTS5 syntax for a user to inject.
    private static string Match(IReadOnlyList<string> terms) => string.Join(" AND ", terms.Select(t => $"\"{t}\"*"));

    public async Task<IReadOnlyList<SearchHit>> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct)
    {
        var match = Match(terms);
        if (type is not null)
        {
            return await db.Database.SqlQuery<SearchHit>($"""
                SELECT d."Key", d."Type", d."Title", d."Url", d."Text", bm25("SearchFts", 8.0, 1.0) AS "Rank"
                FROM "SearchFts" JOIN "SearchDocuments" d ON d."Id" = "SearchFts".rowid
                WHERE "SearchFts" MATCH {match} AND d."Type" = {type}
                ORDER BY "Rank", d."Id"
                LIMIT {take} OFFSET {skip}
                """).ToListAsync(ct);
        }

        // Rank inside the full-text index alone (no join per match), then weigh the best few by type.
        var pool = Math.Max(200, (skip + take) * 4);
        return await db.Database.SqlQuery<SearchHit>($"""
            WITH top AS (
              SELECT rowid AS id, bm25("SearchFts", 8.0, 1.0) AS score FROM "SearchFts"
              WHERE "SearchFts" MATCH {match} ORDER BY score LIMIT {pool}
            )
            SELECT d."Key", d."Type", d."Title", d."Url", d."Text",
                   top.score * (CASE d."Type" WHEN 'arrangement' THEN 0.5 ELSE 1.0 END) AS "Rank"
            FROM top JOIN "SearchDocuments" d ON d."Id" = top.id
            ORDER BY "Rank", d."Id"
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(ct);
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
