using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Media;

/// <summary>
/// A photo an association uploaded with an event form: whose it is (for the quota) and when (for the sweep, which
/// deletes it once nothing refers to it and the grace period has passed).
/// </summary>
public sealed class EventUpload
{
    private EventUpload()
    {
    }

    /// <summary>The stored image's id (see <see cref="IImageProcessor"/>).</summary>
    public Guid Id { get; private set; }

    public Guid AssociationId { get; private set; }

    /// <summary>The size of the upload as sent, which is what the quota counts.</summary>
    public long Bytes { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static EventUpload Record(Guid imageId, Guid associationId, long bytes, DateTime now) =>
        new() { Id = imageId, AssociationId = associationId, Bytes = bytes, CreatedAt = now };
}

internal sealed class EventUploadConfiguration : IEntityTypeConfiguration<EventUpload>
{
    public void Configure(EntityTypeBuilder<EventUpload> upload)
    {
        upload.ToTable("EventUploads");
        upload.HasKey(u => u.Id);
        upload.Property(u => u.Id).ValueGeneratedNever();
        upload.HasIndex(u => u.AssociationId);
        upload.HasIndex(u => u.CreatedAt);
    }
}
