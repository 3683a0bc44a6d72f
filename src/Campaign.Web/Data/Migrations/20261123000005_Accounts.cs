using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Schema version 5: ASP.NET Core Identity (schema version 1 of its stores) for association members and staff,
/// the associations themselves, which association posted an event, and the audit log of back-office decisions.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000005_Accounts")]
public sealed class Accounts : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AspNetRoles", x => x.Id));
        migration.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);

        migration.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                DisplayName = table.Column<string>(maxLength: 120, nullable: false),
                AssociationId = table.Column<Guid>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AspNetUsers", x => x.Id));
        migration.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migration.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        migration.CreateIndex("IX_AspNetUsers_AssociationId", "AspNetUsers", "AssociationId");

        migration.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");

        migration.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<Guid>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");

        migration.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");

        migration.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                RoleId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migration.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        migration.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migration.CreateTable(
            name: "Associations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 160, nullable: false),
                Type = table.Column<int>(nullable: false),
                MunicipalityCode = table.Column<int>(nullable: false),
                Cvr = table.Column<string>(maxLength: 8, nullable: true),
                Website = table.Column<string>(maxLength: 300, nullable: true),
                ContactName = table.Column<string>(maxLength: 120, nullable: false),
                Status = table.Column<int>(nullable: false),
                IsTrusted = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ReviewedAt = table.Column<DateTime>(nullable: true),
                ReviewedBy = table.Column<string>(maxLength: 256, nullable: true),
                RejectionReason = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Associations", x => x.Id));
        migration.CreateIndex("IX_Associations_Status", "Associations", "Status");

        migration.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                At = table.Column<DateTime>(nullable: false),
                Who = table.Column<string>(maxLength: 256, nullable: false),
                Action = table.Column<string>(maxLength: 80, nullable: false),
                ItemType = table.Column<string>(maxLength: 40, nullable: false),
                ItemId = table.Column<Guid>(nullable: false),
                Details = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Id));
        migration.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");
        migration.CreateIndex("IX_AuditEntries_ItemType_ItemId", "AuditEntries", ["ItemType", "ItemId"]);

        migration.AddColumn<Guid>(name: "AssociationId", table: "Events", nullable: true);
        migration.AddColumn<string>(name: "ModerationNote", table: "Events", maxLength: 1000, nullable: true);
        migration.AddColumn<string>(name: "PendingDetails", table: "Events", nullable: true);
        migration.AddColumn<Guid>(name: "ImageId", table: "Events", nullable: true);
        migration.AddColumn<int>(name: "ImageWidth", table: "Events", nullable: true);
        migration.AddColumn<int>(name: "ImageHeight", table: "Events", nullable: true);
        migration.CreateIndex("IX_Events_AssociationId_Status", "Events", ["AssociationId", "Status"]);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropIndex("IX_Events_AssociationId_Status", "Events");
        migration.DropColumn("AssociationId", "Events");
        migration.DropColumn("ModerationNote", "Events");
        migration.DropColumn("PendingDetails", "Events");
        migration.DropColumn("ImageId", "Events");
        migration.DropColumn("ImageWidth", "Events");
        migration.DropColumn("ImageHeight", "Events");
        foreach (var table in new[] { "AuditEntries", "Associations", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUsers", "AspNetRoles" })
        {
            migration.DropTable(table);
        }
    }
}
