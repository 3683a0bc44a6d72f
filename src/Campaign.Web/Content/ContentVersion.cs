using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Content;

/// <summary>One saved state of a node: its name, property values and blocks. Versions are never changed, only added.</summary>
public sealed class ContentVersion
{
    private ContentVersion()
    {
    }

    public Guid Id { get; private set; }
    public Guid NodeId { get; private set; }
    public int Number { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>Property values and blocks as JSON (<see cref="ContentData"/>); the same text on SQLite and PostgreSQL.</summary>
    public string Data { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime? PublishedAt { get; private set; }
    public string? PublishedBy { get; private set; }

    internal static ContentVersion Create(ContentNode node, int number, string name, ContentData data, string by, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        NodeId = node.Id,
        Number = number,
        Name = name,
        Data = ContentJson.Serialize(data),
        CreatedAt = now,
        CreatedBy = by,
    };

    public ContentData ReadData() => ContentJson.Deserialize(Data);

    internal void MarkPublished(string by, DateTime now)
    {
        PublishedAt = now;
        PublishedBy = by;
    }
}

internal sealed class ContentVersionConfiguration : IEntityTypeConfiguration<ContentVersion>
{
    public void Configure(EntityTypeBuilder<ContentVersion> version)
    {
        version.ToTable("ContentVersions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Id).ValueGeneratedNever();
        version.Property(v => v.Name).HasMaxLength(200);
        version.Property(v => v.CreatedBy).HasMaxLength(256);
        version.Property(v => v.PublishedBy).HasMaxLength(256);
        version.HasIndex(v => new { v.NodeId, v.Number }).IsUnique();
    }
}
