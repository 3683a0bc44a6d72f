using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// A link that shows a page's draft to a colleague without an account. The link carries this row's id signed with Data
/// Protection, so it cannot be guessed or altered; the row says until when it works and lets an editor withdraw it.
/// </summary>
public sealed class PreviewLink
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private PreviewLink()
    {
    }

    public Guid Id { get; private set; }
    public Guid NodeId { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public string? RevokedBy { get; private set; }

    public static PreviewLink For(Guid nodeId, string by, DateTime now) =>
        new() { Id = Guid.CreateVersion7(now), NodeId = nodeId, CreatedBy = by, CreatedAt = now, ExpiresAt = now + Lifetime };

    public bool IsActive(DateTime now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(string by, DateTime now)
    {
        if (RevokedAt is null)
        {
            (RevokedAt, RevokedBy) = (now, by);
        }
    }
}

internal sealed class PreviewLinkConfiguration : IEntityTypeConfiguration<PreviewLink>
{
    public void Configure(EntityTypeBuilder<PreviewLink> link)
    {
        link.ToTable("PreviewLinks");
        link.HasKey(l => l.Id);
        link.Property(l => l.Id).ValueGeneratedNever();
        link.Property(l => l.CreatedBy).HasMaxLength(256);
        link.Property(l => l.RevokedBy).HasMaxLength(256);
        link.HasIndex(l => l.NodeId);
    }
}
