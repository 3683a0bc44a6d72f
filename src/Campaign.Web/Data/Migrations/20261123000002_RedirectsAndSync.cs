using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 2: 301 redirects from old URLs, and what each uSync import did.</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000002_RedirectsAndSync")]
public sealed class RedirectsAndSync : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "Redirects",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Path = table.Column<string>(maxLength: 400, nullable: false),
                NodeId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Redirects", x => x.Id);
                table.ForeignKey("FK_Redirects_ContentNodes_NodeId", x => x.NodeId, "ContentNodes", "Id", onDelete: ReferentialAction.Cascade);
            });

        migration.CreateIndex("IX_Redirects_Path", "Redirects", "Path", unique: true);
        migration.CreateIndex("IX_Redirects_NodeId", "Redirects", "NodeId");

        migration.CreateTable(
            name: "SyncItems",
            columns: table => new
            {
                Key = table.Column<Guid>(nullable: false),
                File = table.Column<string>(maxLength: 400, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                NodeRevision = table.Column<int>(nullable: false),
                ImportedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SyncItems", x => x.Key));
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("SyncItems");
        migration.DropTable("Redirects");
    }
}
