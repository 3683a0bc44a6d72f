using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Schema version 1: the content tree and its versions. Written by hand (README, "Schema changes"):
/// columns give CLR types only, so each provider picks its own column type.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "ContentNodes",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ParentId = table.Column<Guid>(nullable: true),
                SortOrder = table.Column<int>(nullable: false),
                ContentType = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Segment = table.Column<string>(maxLength: 200, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 256, nullable: false),
                IsTrashed = table.Column<bool>(nullable: false),
                PublishedVersionId = table.Column<Guid>(nullable: true),
                DraftVersionId = table.Column<Guid>(nullable: true),
                Revision = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ContentNodes", x => x.Id));

        migration.CreateIndex("IX_ContentNodes_ParentId", "ContentNodes", "ParentId");

        migration.CreateTable(
            name: "ContentVersions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                NodeId = table.Column<Guid>(nullable: false),
                Number = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                Data = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: true),
                PublishedBy = table.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ContentVersions", x => x.Id);
                table.ForeignKey("FK_ContentVersions_ContentNodes_NodeId", x => x.NodeId, "ContentNodes", "Id", onDelete: ReferentialAction.Cascade);
            });

        migration.CreateIndex("IX_ContentVersions_NodeId_Number", "ContentVersions", ["NodeId", "Number"], unique: true);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("ContentVersions");
        migration.DropTable("ContentNodes");
    }
}
