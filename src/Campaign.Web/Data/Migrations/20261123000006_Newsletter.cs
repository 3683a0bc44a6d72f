using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Schema version 6: newsletter subscribers (double opt-in) and the record of what each consented to, when and where.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000006_Newsletter")]
public sealed class Newsletter : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "Subscribers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Email = table.Column<string>(maxLength: 254, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: true),
                Status = table.Column<int>(nullable: false),
                Interests = table.Column<int>(nullable: false),
                MunicipalityCode = table.Column<int>(nullable: true),
                Token = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                SignupMailSentAt = table.Column<DateTime>(nullable: true),
                ConfirmedAt = table.Column<DateTime>(nullable: true),
                UnsubscribedAt = table.Column<DateTime>(nullable: true),
                UndeliverableAt = table.Column<DateTime>(nullable: true),
                LastSentAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Subscribers", x => x.Id));
        migration.CreateIndex("IX_Subscribers_Email", "Subscribers", "Email", unique: true);
        migration.CreateIndex("IX_Subscribers_Token", "Subscribers", "Token", unique: true);
        migration.CreateIndex("IX_Subscribers_Status", "Subscribers", "Status");

        migration.CreateTable(
            name: "ConsentRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SubscriberId = table.Column<Guid>(nullable: false),
                TextVersion = table.Column<string>(maxLength: 20, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                Interests = table.Column<int>(nullable: false),
                SourcePage = table.Column<string>(maxLength: 300, nullable: false),
                ConsentedAt = table.Column<DateTime>(nullable: false),
                ConfirmedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                table.ForeignKey("FK_ConsentRecords_Subscribers_SubscriberId", x => x.SubscriberId, "Subscribers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_ConsentRecords_SubscriberId", "ConsentRecords", "SubscriberId");

        // Erasure and the cleanup find a subscriber's mail by address.
        migration.CreateIndex("IX_OutboxMessages_ToAddress", "OutboxMessages", "ToAddress");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropIndex("IX_OutboxMessages_ToAddress", "OutboxMessages");
        migration.DropTable("ConsentRecords");
        migration.DropTable("Subscribers");
    }
}
