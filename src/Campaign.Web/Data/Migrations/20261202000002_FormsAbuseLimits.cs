using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Photos uploaded with event forms, per association, for the upload quota and the sweep of unreferenced ones; and
/// each association's count of member invitations in the current 24 hours.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261202000002_FormsAbuseLimits")]
public sealed class FormsAbuseLimits : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "EventUploads",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AssociationId = table.Column<Guid>(nullable: false),
                Bytes = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_EventUploads", x => x.Id));

        migration.CreateIndex("IX_EventUploads_AssociationId", "EventUploads", "AssociationId");
        migration.CreateIndex("IX_EventUploads_CreatedAt", "EventUploads", "CreatedAt");

        migration.AddColumn<DateTime>(name: "InvitationWindowStart", table: "Associations", nullable: true);
        migration.AddColumn<int>(name: "InvitationsInWindow", table: "Associations", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropColumn("InvitationsInWindow", "Associations");
        migration.DropColumn("InvitationWindowStart", "Associations");
        migration.DropTable("EventUploads");
    }
}
