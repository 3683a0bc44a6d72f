using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 4: the mail outbox, written in the same transaction as the change that sends the mail.</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000004_MailOutbox")]
public sealed class MailOutbox : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "OutboxMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                IdempotencyKey = table.Column<string>(maxLength: 200, nullable: false),
                ToAddress = table.Column<string>(maxLength: 320, nullable: false),
                ToName = table.Column<string>(maxLength: 200, nullable: true),
                Subject = table.Column<string>(maxLength: 400, nullable: false),
                TextBody = table.Column<string>(nullable: false),
                HtmlBody = table.Column<string>(nullable: false),
                Headers = table.Column<string>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Status = table.Column<int>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
                SentAt = table.Column<DateTime>(nullable: true),
                LeaseOwner = table.Column<string>(maxLength: 64, nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OutboxMessages", x => x.Id));

        migration.CreateIndex("IX_OutboxMessages_IdempotencyKey", "OutboxMessages", "IdempotencyKey", unique: true);
        migration.CreateIndex("IX_OutboxMessages_Status_NextAttemptAt", "OutboxMessages", ["Status", "NextAttemptAt"]);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("OutboxMessages");
    }
}
