using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;

namespace Campaign.Web.Shared;

/// <summary>Every feature records what staff and members change in the one audit log the back office shows.</summary>
public static class Audit
{
    /// <summary>Adds an entry to the unit of work, so it is saved (or not) with the change it describes.</summary>
    public static void Record(this CampaignDb db, string who, string action, string itemType, Guid itemId, DateTime at, string? details = null) =>
        db.AuditEntries.Add(AuditEntry.Of(who, action, itemType, itemId, at, details));
}
