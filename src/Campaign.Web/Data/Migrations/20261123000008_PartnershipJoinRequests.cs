using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 8: associations asking to join their municipality's local partnership, and the editor's decision.</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000008_PartnershipJoinRequests")]
public sealed class PartnershipJoinRequests : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "PartnershipJoinRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                AssociationId = table.Column<Guid>(nullable: false),
                PartnershipKey = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<int>(nullable: false),
                Message = table.Column<string>(maxLength: 1000, nullable: true),
                Status = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                RequestedBy = table.Column<string>(maxLength: 256, nullable: false),
                DecidedAt = table.Column<DateTime>(nullable: true),
                DecidedBy = table.Column<string>(maxLength: 256, nullable: true),
                RejectionReason = table.Column<string>(maxLength: 1000, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PartnershipJoinRequests", x => x.Id));

        migration.CreateIndex("IX_PartnershipJoinRequests_PartnershipKey_Status", "PartnershipJoinRequests", ["PartnershipKey", "Status"]);
        migration.CreateIndex("IX_PartnershipJoinRequests_AssociationId_Status", "PartnershipJoinRequests", ["AssociationId", "Status"]);
        migration.CreateIndex("IX_PartnershipJoinRequests_Status_CreatedAt", "PartnershipJoinRequests", ["Status", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("PartnershipJoinRequests");
    }
}
