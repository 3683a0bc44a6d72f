using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Content;

/// <summary>An old URL that answers 301 to where its page lives now.</summary>
public sealed class Redirect
{
    private Redirect()
    {
    }

    public Guid Id { get; private set; }
    public string Path { get; private set; } = "";
    public Guid NodeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    public static Redirect To(Guid nodeId, string path, string by, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Path = PublishedSnapshot.Normalize(path).ToLowerInvariant(),
        NodeId = nodeId,
        CreatedAt = now,
        CreatedBy = by,
    };
}

internal sealed class RedirectConfiguration : IEntityTypeConfiguration<Redirect>
{
    public void Configure(EntityTypeBuilder<Redirect> redirect)
    {
        redirect.ToTable("Redirects");
        redirect.HasKey(r => r.Id);
        redirect.Property(r => r.Id).ValueGeneratedNever();
        redirect.Property(r => r.Path).HasMaxLength(400);
        redirect.Property(r => r.CreatedBy).HasMaxLength(256);
        redirect.HasIndex(r => r.Path).IsUnique();
        redirect.HasOne<ContentNode>().WithMany().HasForeignKey(r => r.NodeId).OnDelete(DeleteBehavior.Cascade);
    }
}
