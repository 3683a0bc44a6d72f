using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Search moves to a Lucene index on each node, rebuilt from the events and the published content, so the SQL search
/// tables go (FTS5 and its vocabulary on SQLite, the tsvector table, term list and trigger function on PostgreSQL).
/// Editors' synonym groups get a table of their own.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000601_LuceneSearch")]
public sealed class LuceneSearch : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migration)
    {
        if (migration.ActiveProvider == Sqlite)
        {
            migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_ai";""");
            migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_ad";""");
            migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_au";""");
            migration.Sql("""DROP TABLE IF EXISTS "SearchVocab";""");
            migration.Sql("""DROP TABLE IF EXISTS "SearchFts";""");
        }
        else
        {
            migration.Sql("""DROP TABLE IF EXISTS "SearchTerms";""");
            migration.Sql("""DROP FUNCTION IF EXISTS search_terms_collect() CASCADE;""");
        }

        migration.DropTable("SearchDocuments");

        migration.CreateTable(
            name: "SynonymGroups",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Words = table.Column<string>(maxLength: 1000, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SynonymGroups", x => x.Id));
    }

    protected override void Down(MigrationBuilder migration)
    {
        // The SQL search is not restored: the code that fed it is gone. An older build re-creates nothing either, so going
        // back means restoring a backup from before this migration.
        migration.DropTable("SynonymGroups");
    }
}
