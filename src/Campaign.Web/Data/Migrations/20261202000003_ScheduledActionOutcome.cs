using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// A scheduled action records how it ended (done or failed, when, why) and whether an editor has dealt with a failure,
/// so a scheduled publish that could not be done is shown on the dashboard until someone has seen it.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261202000003_ScheduledActionOutcome")]
public sealed class ScheduledActionOutcome : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.AddColumn<int>("Status", "ScheduledActions", nullable: false, defaultValue: 0);
        migration.AddColumn<DateTime>("FailedAt", "ScheduledActions", nullable: true);
        migration.AddColumn<DateTime>("AcknowledgedAt", "ScheduledActions", nullable: true);
        migration.AddColumn<string>("AcknowledgedBy", "ScheduledActions", maxLength: 256, nullable: true);

        // Rows written before: a recorded failure is Failed (already seen, as the old dashboard never showed it), else a done row is Done.
        migration.Sql("""UPDATE "ScheduledActions" SET "Status" = 2, "FailedAt" = "DoneAt", "AcknowledgedAt" = "DoneAt", "AcknowledgedBy" = 'opgradering' WHERE "Failure" IS NOT NULL""");
        migration.Sql("""UPDATE "ScheduledActions" SET "Status" = 1 WHERE "Failure" IS NULL AND "DoneAt" IS NOT NULL""");
        migration.CreateIndex("IX_ScheduledActions_Status_AcknowledgedAt", "ScheduledActions", ["Status", "AcknowledgedAt"]);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropIndex("IX_ScheduledActions_Status_AcknowledgedAt", "ScheduledActions");
        migration.DropColumn("AcknowledgedBy", "ScheduledActions");
        migration.DropColumn("AcknowledgedAt", "ScheduledActions");
        migration.DropColumn("FailedAt", "ScheduledActions");
        migration.DropColumn("Status", "ScheduledActions");
    }
}
