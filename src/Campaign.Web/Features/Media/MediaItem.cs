using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Media;

public enum MediaKind
{
    Image = 0,
    Document = 1,
}

/// <summary>
/// A file in the media library: an image (its id is the <see cref="IImageProcessor"/> id) or a PDF document.
/// An image always has an alternative text; its focal point decides what the named crops keep.
/// </summary>
public sealed class MediaItem
{
    public const int MaxFileName = 200;
    public const int MaxAltText = 300;
    public const int MaxCaption = 500;

    public const string AltTextMissing = "Skriv en alternativ tekst, der beskriver billedet for dem, der ikke kan se det.";
    public const string AltTextTooLong = "Den alternative tekst må højst være 300 tegn.";
    public const string CaptionTooLong = "Billedteksten må højst være 500 tegn.";
    public const string FileNameMissing = "Giv filen et navn (højst 200 tegn).";

    private MediaItem()
    {
    }

    public Guid Id { get; private set; }
    public MediaKind Kind { get; private set; }
    public Guid? FolderId { get; private set; }

    /// <summary>The name editors see; never used as a name on disk.</summary>
    public string FileName { get; private set; } = "";

    public string? AltText { get; private set; }
    public string? Caption { get; private set; }

    /// <summary>0..1 across the upright image, to a thousandth.</summary>
    public double FocalX { get; private set; } = 0.5;

    /// <summary>0..1 down the upright image, to a thousandth.</summary>
    public double FocalY { get; private set; } = 0.5;

    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string UploadedBy { get; private set; } = "";
    public DateTime UploadedAt { get; private set; }

    /// <summary>Raised by every change; a save that started from an older revision is refused.</summary>
    public int Revision { get; private set; }

    public bool IsImage => Kind == MediaKind.Image;

    public static MediaItem Image(StoredImage image, string fileName, string altText, string? caption, Guid? folderId, long size, string by, DateTime now)
    {
        var item = new MediaItem
        {
            Id = image.Id,
            Kind = MediaKind.Image,
            FolderId = folderId,
            FileName = CleanName(fileName),
            Width = image.Width,
            Height = image.Height,
            ContentType = image.Format switch
            {
                ImageFormat.Jpeg => "image/jpeg",
                ImageFormat.Png => "image/png",
                _ => "image/webp",
            },
            Size = size,
            UploadedBy = by,
            UploadedAt = now,
        };
        item.Describe(item.FileName, altText, caption);
        return item;
    }

    public static MediaItem Document(Guid id, string fileName, string? caption, Guid? folderId, long size, string by, DateTime now)
    {
        var item = new MediaItem
        {
            Id = id,
            Kind = MediaKind.Document,
            FolderId = folderId,
            ContentType = "application/pdf",
            Size = size,
            UploadedBy = by,
            UploadedAt = now,
        };
        item.Describe(CleanName(fileName), null, caption);
        return item;
    }

    /// <summary>The Danish messages for what is wrong with these texts; empty when they can be saved.</summary>
    public static IReadOnlyList<string> Check(MediaKind kind, string? fileName, string? altText, string? caption)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Trim().Length > MaxFileName)
        {
            errors.Add(FileNameMissing);
        }

        if (kind == MediaKind.Image && string.IsNullOrWhiteSpace(altText))
        {
            errors.Add(AltTextMissing);
        }
        else if (altText?.Trim().Length > MaxAltText)
        {
            errors.Add(AltTextTooLong);
        }

        if (caption?.Trim().Length > MaxCaption)
        {
            errors.Add(CaptionTooLong);
        }

        return errors;
    }

    /// <summary>Changes the name, alternative text and caption; refuses what <see cref="Check"/> refuses.</summary>
    public void Describe(string fileName, string? altText, string? caption)
    {
        if (Check(Kind, fileName, altText, caption) is [var first, ..])
        {
            throw new MediaRuleException(first);
        }

        FileName = fileName.Trim();
        AltText = Kind == MediaKind.Image ? altText!.Trim() : null;
        Caption = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim();
    }

    /// <summary>Sets the focal point, 0..1 each way, kept to a thousandth as the crops are.</summary>
    public void SetFocalPoint(double x, double y)
    {
        if (!IsImage)
        {
            throw new MediaRuleException("Kun billeder har et fokuspunkt.");
        }

        if (!double.IsFinite(x) || !double.IsFinite(y) || x is < 0 or > 1 || y is < 0 or > 1)
        {
            throw new MediaRuleException("Fokuspunktet skal ligge inden for billedet: mellem 0 og 100 % på hver led.");
        }

        FocalX = Math.Round(x, 3);
        FocalY = Math.Round(y, 3);
    }

    public void MoveTo(Guid? folderId) => FolderId = folderId;

    /// <summary>Refuses a save based on an older revision than the one stored.</summary>
    public void EnsureRevision(int expected)
    {
        if (expected != Revision)
        {
            throw new MediaConflictException();
        }
    }

    public void Touch() => Revision++;

    /// <summary>Changes whenever the focal point does, so a crop's URL does too and may be cached for a year.</summary>
    public string FocalVersion => VersionOf(FocalX, FocalY);

    public static string VersionOf(double focalX, double focalY) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(int)Math.Round(focalX * 1000)}-{(int)Math.Round(focalY * 1000)}");

    /// <summary>"1,2 MB" or "350 kB", as the downloads block shows sizes.</summary>
    public static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? string.Format(Danish.Culture, "{0:0.0} MB", bytes / (1024.0 * 1024))
        : string.Format(Danish.Culture, "{0:0} kB", Math.Max(1, Math.Ceiling(bytes / 1024.0)));

    private static string CleanName(string fileName)
    {
        // Browsers may send a full path (old Internet Explorer); only the last part is a name.
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        return name.Length > MaxFileName ? name[..MaxFileName] : name;
    }
}

public sealed class MediaRuleException(string message) : Exception(message);

public sealed class MediaConflictException()
    : Exception("Filen er blevet ændret af en anden, mens du redigerede. Hent den nyeste udgave og prøv igen.");

internal sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> item)
    {
        item.ToTable("MediaItems");
        item.HasKey(i => i.Id);
        item.Property(i => i.Id).ValueGeneratedNever();
        item.Property(i => i.FileName).HasMaxLength(MediaItem.MaxFileName);
        item.Property(i => i.AltText).HasMaxLength(MediaItem.MaxAltText);
        item.Property(i => i.Caption).HasMaxLength(MediaItem.MaxCaption);
        item.Property(i => i.ContentType).HasMaxLength(100);
        item.Property(i => i.UploadedBy).HasMaxLength(256);
        item.HasIndex(i => new { i.FolderId, i.UploadedAt });
    }
}
