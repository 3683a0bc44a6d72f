using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// Accounts can be disabled (a state no password reset lifts), and the last accepted authenticator time step is
/// kept so a code cannot be replayed.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261202000001_AccountSecurity")]
public sealed class AccountSecurity : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.AddColumn<DateTime>(name: "DisabledAt", table: "AspNetUsers", nullable: true);
        migration.AddColumn<string>(name: "DisabledBy", table: "AspNetUsers", maxLength: 256, nullable: true);
        migration.AddColumn<long>(name: "LastTotpTimeStep", table: "AspNetUsers", nullable: true);

        // Staff "locked" by an administrator before had a lockout without end, which a password reset lifted; they
        // become closed accounts, which it does not, and the lockout goes. Quoted names and a text date work on
        // SQLite and PostgreSQL alike.
        migration.Sql("""UPDATE "AspNetUsers" SET "DisabledAt" = CURRENT_TIMESTAMP, "DisabledBy" = 'spærret før lukket adgang', "LockoutEnd" = NULL WHERE "LockoutEnd" > '9000-01-01'""");
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropColumn(name: "DisabledAt", table: "AspNetUsers");
        migration.DropColumn(name: "DisabledBy", table: "AspNetUsers");
        migration.DropColumn(name: "LastTotpTimeStep", table: "AspNetUsers");
    }
}
