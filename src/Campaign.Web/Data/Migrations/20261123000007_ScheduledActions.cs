using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 7: publishing and unpublishing planned for a date and time.</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000007_ScheduledActions")]
public sealed class ScheduledActions : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "ScheduledActions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                NodeId = table.Column<Guid>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                AtUtc = table.Column<DateTime>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DoneAt = table.Column<DateTime>(nullable: true),
                Failure = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_ScheduledActions", x => x.Id));
        migration.CreateIndex("IX_ScheduledActions_DoneAt_AtUtc", "ScheduledActions", ["DoneAt", "AtUtc"]);
        migration.CreateIndex("IX_ScheduledActions_NodeId", "ScheduledActions", "NodeId");
    }

    protected override void Down(MigrationBuilder migration) => migration.DropTable("ScheduledActions");
}
