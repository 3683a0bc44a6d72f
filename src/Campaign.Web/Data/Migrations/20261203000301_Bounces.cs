using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Bounces read from the bounce mailbox, one row per notification and subscriber (unique, so a notification read twice
/// counts once), and each subscriber's count of soft bounces since confirming.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000301_Bounces")]
public sealed class BounceRecords : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.AddColumn<int>("SoftBounces", "Subscribers", nullable: false, defaultValue: 0);
        migration.CreateTable(
            name: "Bounces",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SubscriberId = table.Column<Guid>(nullable: false),
                IssueId = table.Column<Guid>(nullable: true),
                Address = table.Column<string>(maxLength: 254, nullable: false),
                Kind = table.Column<int>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Action = table.Column<string>(maxLength: 20, nullable: true),
                Diagnostic = table.Column<string>(maxLength: 500, nullable: true),
                SourceMessageId = table.Column<string>(maxLength: 300, nullable: false),
                ReportedAt = table.Column<DateTime>(nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
                MadeUndeliverable = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Bounces", x => x.Id);
                table.ForeignKey("FK_Bounces_Subscribers_SubscriberId", x => x.SubscriberId, "Subscribers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_Bounces_SourceMessageId_SubscriberId", "Bounces", ["SourceMessageId", "SubscriberId"], unique: true);
        migration.CreateIndex("IX_Bounces_IssueId", "Bounces", "IssueId");
        migration.CreateIndex("IX_Bounces_SubscriberId", "Bounces", "SubscriberId");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("Bounces");
        migration.DropColumn("SoftBounces", "Subscribers");
    }
}
