using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Outbox mail gets a priority (0 transactional, 1 bulk) so a confirmation never waits behind a newsletter issue, and the
/// worker's claim index leads with it. Issue mails already waiting become bulk; everything else stays transactional.
/// Leases are found by owner when a node renews or gives them back.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000201_OutboxPriority")]
public sealed class OutboxPriority : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.AddColumn<int>("Priority", "OutboxMessages", nullable: false, defaultValue: 0);
        migration.Sql("""UPDATE "OutboxMessages" SET "Priority" = 1 WHERE "IdempotencyKey" LIKE 'nyhedsbrev-udsendelse:%'""");
        migration.DropIndex("IX_OutboxMessages_Status_NextAttemptAt", "OutboxMessages");
        migration.CreateIndex("IX_OutboxMessages_Status_Priority_NextAttemptAt", "OutboxMessages", ["Status", "Priority", "NextAttemptAt"]);
        migration.CreateIndex("IX_OutboxMessages_LeaseOwner", "OutboxMessages", "LeaseOwner");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropIndex("IX_OutboxMessages_LeaseOwner", "OutboxMessages");
        migration.DropIndex("IX_OutboxMessages_Status_Priority_NextAttemptAt", "OutboxMessages");
        migration.CreateIndex("IX_OutboxMessages_Status_NextAttemptAt", "OutboxMessages", ["Status", "NextAttemptAt"]);
        migration.DropColumn("Priority", "OutboxMessages");
    }
}
