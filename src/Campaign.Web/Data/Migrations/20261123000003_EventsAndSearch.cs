using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Schema version 3: events with their dates, and the search index. The full-text part differs by
/// provider: an FTS5 table kept in step by triggers on SQLite; a generated tsvector with a GIN index,
/// and a table of known terms for typo tolerance, on PostgreSQL.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000003_EventsAndSearch")]
public sealed class EventsAndSearch : Migration
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "Events",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Slug = table.Column<string>(maxLength: 120, nullable: false),
                Status = table.Column<int>(nullable: false),
                Title = table.Column<string>(maxLength: 120, nullable: false),
                Summary = table.Column<string>(maxLength: 300, nullable: true),
                Description = table.Column<string>(maxLength: 8000, nullable: false),
                SeriesKey = table.Column<Guid>(nullable: true),
                StartUtc = table.Column<DateTime>(nullable: false),
                EndUtc = table.Column<DateTime>(nullable: false),
                AllDay = table.Column<bool>(nullable: false),
                Repeat = table.Column<int>(nullable: false),
                RepeatUntil = table.Column<DateOnly>(nullable: true),
                SkippedDates = table.Column<string>(maxLength: 2000, nullable: true),
                IsOnline = table.Column<bool>(nullable: false),
                OnlineUrl = table.Column<string>(maxLength: 500, nullable: true),
                VenueName = table.Column<string>(maxLength: 120, nullable: true),
                StreetAddress = table.Column<string>(maxLength: 160, nullable: true),
                PostalCode = table.Column<string>(maxLength: 4, nullable: true),
                City = table.Column<string>(maxLength: 80, nullable: true),
                MunicipalityCode = table.Column<int>(nullable: false),
                RegionCode = table.Column<int>(nullable: false),
                ImageUrl = table.Column<string>(maxLength: 500, nullable: true),
                ImageAlt = table.Column<string>(maxLength: 300, nullable: true),
                TargetGroups = table.Column<int>(nullable: false),
                Accessibility = table.Column<int>(nullable: false),
                AccessibilityNote = table.Column<string>(maxLength: 500, nullable: true),
                PriceDkk = table.Column<decimal>(precision: 10, scale: 2, nullable: true),
                PriceNote = table.Column<string>(maxLength: 200, nullable: true),
                JoinMethod = table.Column<int>(nullable: false),
                JoinDetail = table.Column<string>(maxLength: 300, nullable: true),
                OrganiserName = table.Column<string>(maxLength: 160, nullable: false),
                OrganiserUrl = table.Column<string>(maxLength: 500, nullable: true),
                CancellationMessage = table.Column<string>(maxLength: 500, nullable: true),
                Sequence = table.Column<int>(nullable: false),
                Revision = table.Column<int>(nullable: false),
                IsDemo = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Events", x => x.Id));

        migration.CreateIndex("IX_Events_Slug", "Events", "Slug", unique: true);

        migration.CreateTable(
            name: "EventOccurrences",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                StartUtc = table.Column<DateTime>(nullable: false),
                EndUtc = table.Column<DateTime>(nullable: false),
                MunicipalityCode = table.Column<int>(nullable: false),
                RegionCode = table.Column<int>(nullable: false),
                SeriesKey = table.Column<Guid>(nullable: true),
                TargetGroups = table.Column<int>(nullable: false),
                IsPublic = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EventOccurrences", x => x.Id);
                table.ForeignKey("FK_EventOccurrences_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
            });

        // Each filter index carries every column the listing reads, so counting and paging never touch the table.
        migration.CreateIndex("IX_EventOccurrences_EventId", "EventOccurrences", "EventId");
        migration.CreateIndex("IX_EventOccurrences_IsPublic_StartUtc", "EventOccurrences", ["IsPublic", "StartUtc", "EndUtc", "TargetGroups", "EventId"]);
        migration.CreateIndex("IX_EventOccurrences_MunicipalityCode_StartUtc", "EventOccurrences", ["MunicipalityCode", "StartUtc", "EndUtc", "IsPublic", "TargetGroups", "EventId"]);
        migration.CreateIndex("IX_EventOccurrences_RegionCode_StartUtc", "EventOccurrences", ["RegionCode", "StartUtc", "EndUtc", "IsPublic", "TargetGroups", "EventId"]);
        migration.CreateIndex("IX_EventOccurrences_SeriesKey_StartUtc", "EventOccurrences", ["SeriesKey", "StartUtc", "EndUtc", "IsPublic", "TargetGroups", "EventId"]);

        migration.CreateTable(
            name: "SearchDocuments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Key = table.Column<string>(maxLength: 80, nullable: false),
                Type = table.Column<string>(maxLength: 20, nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Url = table.Column<string>(maxLength: 400, nullable: false),
                Text = table.Column<string>(nullable: false),
                TitleTerms = table.Column<string>(nullable: false),
                Terms = table.Column<string>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SearchDocuments", x => x.Id));

        migration.CreateIndex("IX_SearchDocuments_Key", "SearchDocuments", "Key", unique: true);
        migration.CreateIndex("IX_SearchDocuments_Type", "SearchDocuments", "Type");

        if (migration.ActiveProvider == Sqlite)
        {
            // External-content FTS5 over SearchDocuments.Id (an INTEGER PRIMARY KEY, so VACUUM keeps it stable).
            // The type is indexed as a word too, so counting hits per type never reads the documents.
            migration.Sql("""CREATE VIRTUAL TABLE "SearchFts" USING fts5("Type", "TitleTerms", "Terms", content='SearchDocuments', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');""");
            migration.Sql("""CREATE VIRTUAL TABLE "SearchVocab" USING fts5vocab('SearchFts', 'row');""");
            migration.Sql("""
                CREATE TRIGGER "SearchDocuments_ai" AFTER INSERT ON "SearchDocuments" BEGIN
                  INSERT INTO "SearchFts"(rowid, "Type", "TitleTerms", "Terms") VALUES (new."Id", new."Type", new."TitleTerms", new."Terms");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "SearchDocuments_ad" AFTER DELETE ON "SearchDocuments" BEGIN
                  INSERT INTO "SearchFts"("SearchFts", rowid, "Type", "TitleTerms", "Terms") VALUES ('delete', old."Id", old."Type", old."TitleTerms", old."Terms");
                END;
                """);
            migration.Sql("""
                CREATE TRIGGER "SearchDocuments_au" AFTER UPDATE ON "SearchDocuments" BEGIN
                  INSERT INTO "SearchFts"("SearchFts", rowid, "Type", "TitleTerms", "Terms") VALUES ('delete', old."Id", old."Type", old."TitleTerms", old."Terms");
                  INSERT INTO "SearchFts"(rowid, "Type", "TitleTerms", "Terms") VALUES (new."Id", new."Type", new."TitleTerms", new."Terms");
                END;
                """);
        }
        else
        {
            migration.Sql("""
                ALTER TABLE "SearchDocuments" ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS
                  (setweight(to_tsvector('simple', "TitleTerms"), 'A') || setweight(to_tsvector('simple', "Terms"), 'B')) STORED;
                """);
            migration.Sql("""CREATE INDEX "IX_SearchDocuments_Vector" ON "SearchDocuments" USING GIN ("Vector");""");
            migration.Sql("""CREATE TABLE "SearchTerms" ("Term" text PRIMARY KEY);""");
            migration.Sql("""
                CREATE FUNCTION search_terms_collect() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO "SearchTerms"("Term")
                  SELECT DISTINCT t FROM unnest(string_to_array(NEW."Terms", ' ')) AS t WHERE t <> ''
                  ON CONFLICT DO NOTHING;
                  RETURN NEW;
                END $$;
                """);
            migration.Sql("""
                CREATE TRIGGER "SearchDocuments_terms" AFTER INSERT OR UPDATE OF "Terms" ON "SearchDocuments"
                FOR EACH ROW EXECUTE FUNCTION search_terms_collect();
                """);
        }
    }

    protected override void Down(MigrationBuilder migration)
    {
        if (migration.ActiveProvider == Sqlite)
        {
            migration.Sql("""DROP TABLE "SearchVocab";""");
            migration.Sql("""DROP TABLE "SearchFts";""");
        }
        else
        {
            migration.Sql("""DROP TABLE "SearchTerms";""");
            migration.Sql("""DROP FUNCTION search_terms_collect() CASCADE;""");
        }

        migration.DropTable("SearchDocuments");
        migration.DropTable("EventOccurrences");
        migration.DropTable("Events");
    }
}
