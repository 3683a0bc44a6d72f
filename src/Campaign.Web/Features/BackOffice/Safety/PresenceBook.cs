using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>Writes one editor's heartbeat on a page and reads who else is there; shared by the editor's first view and its heartbeat.</summary>
public static class PresenceBook
{
    /// <summary>Records that <paramref name="userName"/> has the page open now, and returns the others seen within <see cref="EditingPresence.Window"/>.</summary>
    public static async Task<IReadOnlyList<string>> BeatAsync(this CampaignDb db, Guid nodeId, string userName, string displayName, DateTime now, CancellationToken ct)
    {
        var mine = await db.EditingPresence.SingleOrDefaultAsync(p => p.NodeId == nodeId && p.UserName == userName, ct);
        if (mine is null)
        {
            db.EditingPresence.Add(EditingPresence.Start(nodeId, userName, displayName, now));
        }
        else
        {
            mine.Beat(displayName, now);
        }

        // Rows of editors who left without saying so (closed laptop) go after a day, so the table stays small.
        var stale = now.AddDays(-1);
        await db.EditingPresence.Where(p => p.SeenAt < stale).ExecuteDeleteAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs of the same editor beat at once and both inserted: the other one's row says the same.
            db.ChangeTracker.Clear();
        }

        return await OthersAsync(db, nodeId, userName, now, ct);
    }

    public static async Task<IReadOnlyList<string>> OthersAsync(this CampaignDb db, Guid nodeId, string userName, DateTime now, CancellationToken ct)
    {
        var since = now - EditingPresence.Window;
        return await db.EditingPresence.AsNoTracking()
            .Where(p => p.NodeId == nodeId && p.UserName != userName && p.SeenAt >= since)
            .OrderBy(p => p.DisplayName).Select(p => p.DisplayName).ToListAsync(ct);
    }

    public static Task LeaveAsync(this CampaignDb db, Guid nodeId, string userName, CancellationToken ct) =>
        db.EditingPresence.Where(p => p.NodeId == nodeId && p.UserName == userName).ExecuteDeleteAsync(ct);
}
