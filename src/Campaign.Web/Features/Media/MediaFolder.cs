using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Media;

/// <summary>A folder in the media library; folders nest, and a null parent is the top level.</summary>
public sealed class MediaFolder
{
    public const int MaxName = 100;

    private MediaFolder()
    {
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public Guid? ParentId { get; private set; }

    /// <summary>A new folder; <paramref name="siblings"/> are the names already used under the same parent.</summary>
    public static MediaFolder Create(string name, Guid? parentId, IEnumerable<string> siblings, DateTime now)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxName)
        {
            throw new MediaRuleException("Giv mappen et navn (højst 100 tegn).");
        }

        if (siblings.Any(s => string.Equals(s, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            throw new MediaRuleException($"Der findes allerede en mappe med navnet \"{trimmed}\" her.");
        }

        return new MediaFolder { Id = Guid.CreateVersion7(now), Name = trimmed, ParentId = parentId };
    }
}

internal sealed class MediaFolderConfiguration : IEntityTypeConfiguration<MediaFolder>
{
    public void Configure(EntityTypeBuilder<MediaFolder> folder)
    {
        folder.ToTable("MediaFolders");
        folder.HasKey(f => f.Id);
        folder.Property(f => f.Id).ValueGeneratedNever();
        folder.Property(f => f.Name).HasMaxLength(MediaFolder.MaxName);
        folder.HasIndex(f => f.ParentId);
    }
}
