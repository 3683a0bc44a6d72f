using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>
/// One row per run of a periodic job that must happen once across all nodes (the editors' morning digest of a day):
/// the node that inserts the row does the run, in the same transaction; the others find it there.
/// </summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000202_JobRuns")]
public sealed class JobRuns : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "JobRuns",
            columns: table => new
            {
                Job = table.Column<string>(maxLength: 100, nullable: false),
                Period = table.Column<string>(maxLength: 100, nullable: false),
                ClaimedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_JobRuns", t => new { t.Job, t.Period }));
    }

    protected override void Down(MigrationBuilder migration) => migration.DropTable("JobRuns");
}
