using System.Data.Common;
using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Campaign.Tests.Content;

/// <summary>
/// A database made by schema version 1 (only the Initial migration, with the rows that version wrote),
/// then the current app started on it: the schema is upgraded in place and nothing is lost.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SchemaUpgradeTests
{
    private static readonly Guid HomeKey = Guid.Parse("b13ed993-1465-4e4e-8a53-d5fd0ed40655");

    [Fact]
    public async Task Starting_on_a_version_1_database_upgrades_it_and_keeps_its_pages()
    {
        await using var app = new CampaignApp();
        await CreateVersion1DatabaseAsync(app);

        var client = app.Client();
        var response = await client.GetAsync("/gammel-side");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Skrevet før opgraderingen", await response.Content.ReadAsStringAsync());
        var (applied, all, redirects) = await app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            return ((await db.Database.GetAppliedMigrationsAsync()).ToList(), db.Database.GetMigrations().ToList(), await db.Redirects.CountAsync());
        });
        Assert.Equal("20261123000001_Initial", applied[0]);
        Assert.Equal(all, applied);
        Assert.Equal(0, redirects);
        // The home page written by version 1 was edited there, so uSync keeps it rather than overwriting it.
        Assert.Contains("Forside fra version 1", await client.GetStringAsync("/"));
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Migrated_schema_matches_the_model()
    {
        await using var app = new CampaignApp();
        var problems = await app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var missing = new List<string>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName()!;
                var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
                var columns = await ColumnsAsync(connection, table, app.Provider);
                foreach (var property in entity.GetProperties())
                {
                    var column = property.GetColumnName(store)!;
                    if (!columns.Contains(column))
                    {
                        missing.Add($"{table}.{column}");
                    }
                }
            }

            return missing;
        });

        Assert.Empty(problems);
    }

    private static async Task<HashSet<string>> ColumnsAsync(DbConnection connection, string table, DatabaseProvider provider)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.Sqlite
            ? $"SELECT name FROM pragma_table_info('{table}')"
            : $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'";
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>Applies only the first migration to the app's empty database and writes rows as version 1 did.</summary>
    private static async Task CreateVersion1DatabaseAsync(CampaignApp app)
    {
        var options = new DbContextOptionsBuilder<CampaignDb>();
        if (app.Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(app.ConnectionString);
        }
        else
        {
            options.UseSqlite(app.ConnectionString);
        }

        await using (var db = new CampaignDb(options.Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261123000001_Initial");
            var pageKey = Guid.NewGuid();
            var homeVersion = Guid.NewGuid();
            var pageVersion = Guid.NewGuid();
            var now = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
            await InsertNodeAsync(db, HomeKey, null, "home", "Forside", "forside", homeVersion, now,
                """{"properties":{"intro":"Velkommen.","heroHeading":"Forside fra version 1"},"blocks":[]}""");
            await InsertNodeAsync(db, pageKey, HomeKey, "page", "Gammel side", "gammel-side", pageVersion, now,
                """{"properties":{"intro":"Fra før.","navigation":"main"},"blocks":[{"type":"richText","markdown":"Skrevet før opgraderingen."}]}""");
        }

        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task InsertNodeAsync(CampaignDb db, Guid id, Guid? parent, string type, string name, string segment, Guid versionId, DateTime now, string data)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ContentNodes" ("Id", "ParentId", "SortOrder", "ContentType", "Name", "Segment", "CreatedAt", "UpdatedAt", "UpdatedBy", "IsTrashed", "PublishedVersionId", "DraftVersionId", "Revision")
            VALUES ({id}, {parent}, 0, {type}, {name}, {segment}, {now}, {now}, 'redaktør', {false}, {versionId}, {(Guid?)null}, 3)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ContentVersions" ("Id", "NodeId", "Number", "Name", "Data", "CreatedAt", "CreatedBy", "PublishedAt", "PublishedBy")
            VALUES ({versionId}, {id}, 1, {name}, {data}, {now}, 'redaktør', {now}, 'redaktør')
            """);
    }
}
