using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

public sealed class PostgresSearchIndex(CampaignDb db) : ISearchIndex
{
    // Terms hold only [a-z0-9] after DanishText, so the tsquery cannot carry operators a user typed.
    private static string Query(IReadOnlyList<string> terms) => string.Join(" & ", terms.Select(t => t.Length >= 4 ? t + ":*" : t));

    public async Task<IReadOnlyList<SearchHit>> FindAsync(IReadOnlyList<string> terms, string? type, int skip, int take, CancellationToken ct)
    {
        var query = Query(terms);
        var typed = type ?? "";
        return await db.Database.SqlQuery<SearchHit>($"""
            SELECT d."Key", d."Type", d."Title", d."Url", d."Text",
                   (ts_rank(d."Vector", q) * (CASE d."Type" WHEN 'arrangement' THEN 0.5 ELSE 1.0 END))::float8 AS "Rank"
            FROM "SearchDocuments" d, to_tsquery('simple', {query}) q
            WHERE d."Vector" @@ q AND ({typed} = '' OR d."Type" = {typed})
            ORDER BY "Rank" DESC, d."Id"
            LIMIT {take} OFFSET {skip}
            """).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> KeysAsync(IReadOnlyList<string> terms, string type, CancellationToken ct)
    {
        var query = Query(terms);
        return await db.Database.SqlQuery<string>($"""
            SELECT d."Key" AS "Value" FROM "SearchDocuments" d
            WHERE d."Vector" @@ to_tsquery('simple', {query}) AND d."Type" = {type}
            """).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByTypeAsync(IReadOnlyList<string> terms, CancellationToken ct)
    {
        var query = Query(terms);
        var rows = await db.Database.SqlQuery<TypeCount>($"""
            SELECT d."Type", count(*)::int AS "Count" FROM "SearchDocuments" d
            WHERE d."Vector" @@ to_tsquery('simple', {query}) GROUP BY d."Type"
            """).ToListAsync(ct);
        return rows.ToDictionary(r => r.Type, r => r.Count);
    }

    public async Task<IReadOnlyList<string>> TermsOfLengthAsync(int min, int max, CancellationToken ct) =>
        await db.Database.SqlQuery<string>($"""SELECT "Term" AS "Value" FROM "SearchTerms" WHERE length("Term") BETWEEN {min} AND {max}""").ToListAsync(ct);
}

public sealed record TypeCount(string Type, int Count);
