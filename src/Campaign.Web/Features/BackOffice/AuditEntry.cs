using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice;

/// <summary>One thing someone did in the back office: who, what, to which item, when. Never changed or deleted.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string Who { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string ItemType { get; private set; } = "";
    public Guid ItemId { get; private set; }
    public string? Details { get; private set; }

    public static AuditEntry Of(string who, string action, string itemType, Guid itemId, DateTime at, string? details = null) => new()
    {
        Who = who,
        Action = action,
        ItemType = itemType,
        ItemId = itemId,
        At = at,
        Details = details is { Length: > 2000 } ? details[..2000] : details,
    };
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("AuditEntries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Who).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(80);
        entry.Property(e => e.ItemType).HasMaxLength(40);
        entry.Property(e => e.Details).HasMaxLength(2000);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.ItemType, e.ItemId });
    }
}
