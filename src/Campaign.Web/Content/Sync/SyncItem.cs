using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Content.Sync;

/// <summary>
/// What the last uSync import of one file did: the file's hash and the node revision it left behind.
/// A later import compares both to tell "the file changed" from "an editor changed the page since".
/// </summary>
public sealed class SyncItem
{
    private SyncItem()
    {
    }

    public Guid Key { get; private set; }
    public string File { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public int NodeRevision { get; private set; }
    public DateTime ImportedAt { get; private set; }

    public static SyncItem Record(Guid key, string file, string hash, int revision, DateTime now) => new()
    {
        Key = key,
        File = file,
        Hash = hash,
        NodeRevision = revision,
        ImportedAt = now,
    };

    public void Update(string file, string hash, int revision, DateTime now)
    {
        File = file;
        Hash = hash;
        NodeRevision = revision;
        ImportedAt = now;
    }
}

internal sealed class SyncItemConfiguration : IEntityTypeConfiguration<SyncItem>
{
    public void Configure(EntityTypeBuilder<SyncItem> item)
    {
        item.ToTable("SyncItems");
        item.HasKey(i => i.Key);
        item.Property(i => i.Key).ValueGeneratedNever();
        item.Property(i => i.File).HasMaxLength(400);
        item.Property(i => i.Hash).HasMaxLength(64);
    }
}
