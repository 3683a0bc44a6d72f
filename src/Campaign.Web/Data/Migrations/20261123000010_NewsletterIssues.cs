using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 10: newsletter issues (composed in the back office, dispatched through the outbox).</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000010_NewsletterIssues")]
public sealed class NewsletterIssues : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "NewsletterIssues",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Subject = table.Column<string>(maxLength: 200, nullable: false),
                BlocksJson = table.Column<string>(nullable: false),
                Interests = table.Column<int>(nullable: false),
                MunicipalityCodes = table.Column<string>(maxLength: 1000, nullable: false),
                Status = table.Column<int>(nullable: false),
                ScheduledAt = table.Column<DateTime>(nullable: true),
                CreatedBy = table.Column<string>(maxLength: 256, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedBy = table.Column<string>(maxLength: 256, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LinkBase = table.Column<string>(maxLength: 200, nullable: false),
                SentBy = table.Column<string>(maxLength: 256, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: true),
                QueuedAt = table.Column<DateTime>(nullable: true),
                FinishedAt = table.Column<DateTime>(nullable: true),
                Recipients = table.Column<int>(nullable: false),
                Queued = table.Column<int>(nullable: false),
                Revision = table.Column<int>(nullable: false),
                LeaseOwner = table.Column<string>(maxLength: 64, nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_NewsletterIssues", x => x.Id));
        migration.CreateIndex("IX_NewsletterIssues_Status_ScheduledAt", "NewsletterIssues", ["Status", "ScheduledAt"]);
    }

    protected override void Down(MigrationBuilder migration) => migration.DropTable("NewsletterIssues");
}
