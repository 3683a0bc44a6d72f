using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// The back office's safety net and starting points: who has a page open (presence, refreshed by a heartbeat),
/// preview links for colleagues without an account, and page templates.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000701_BackOfficeSafetyNet")]
public sealed class BackOfficeSafetyNet : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "EditingPresence",
            columns: table => new
            {
                NodeId = table.Column<Guid>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: false),
                SeenAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_EditingPresence", x => new { x.NodeId, x.UserName }));

        migration.CreateTable(
            name: "PreviewLinks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                NodeId = table.Column<Guid>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
                RevokedAt = table.Column<DateTime>(nullable: true),
                RevokedBy = table.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_PreviewLinks", x => x.Id));
        migration.CreateIndex("IX_PreviewLinks_NodeId", "PreviewLinks", "NodeId");

        migration.CreateTable(
            name: "ContentTemplates",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 120, nullable: false),
                ContentType = table.Column<string>(maxLength: 64, nullable: false),
                Data = table.Column<string>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ContentTemplates", x => x.Id));
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("ContentTemplates");
        migration.DropTable("PreviewLinks");
        migration.DropTable("EditingPresence");
    }
}
