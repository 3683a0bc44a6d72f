using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Setup;

/// <summary>
/// Makes a periodic job's run happen once across nodes. Every node's loop wakes at the same moment (08:00 for the
/// digest); each tries to insert the run's row, and the insert succeeds on one node only. Called inside the transaction
/// that does the run's work, the claim and the work commit together: a node that dies before the commit leaves no claim,
/// and another node (or the same after a restart) does the run. The plain SQL is the same on SQLite and PostgreSQL, and
/// a lost race is no error: PostgreSQL waits for the winner's commit and then inserts nothing.
/// </summary>
public static class JobRuns
{
    /// <summary>True when this node got the run of <paramref name="job"/> for <paramref name="period"/>.</summary>
    public static async Task<bool> ClaimAsync(CampaignDb db, string job, string period, DateTime now, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "JobRuns" ("Job", "Period", "ClaimedAt") VALUES ({job}, {period}, {now}) ON CONFLICT DO NOTHING""", ct) == 1;
}
