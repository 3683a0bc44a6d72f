using System.Diagnostics.CodeAnalysis;

namespace Campaign.Web.Features.Media;

/// <summary>
/// Stores uploaded images and makes the sizes pages show. The seam stands where ImageSharp would;
/// the implementation uses libvips. Content problems come back as Danish messages, not exceptions.
/// </summary>
public interface IImageProcessor
{
    /// <summary>Widths derivatives are made at; an original narrower than the largest also gets one at its own width.</summary>
    IReadOnlyList<int> Widths { get; }

    /// <summary>Checks the content (see <see cref="ImageUpload"/>) and stores it.</summary>
    Task<ImageStoreResult> StoreAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a checked upload: the original under originals/{id}.{ext}, rotated upright and without
    /// metadata, and WebP derivatives under derived/{id}-{width}.webp.
    /// </summary>
    Task<ImageStoreResult> StoreAsync(ImageUpload upload, CancellationToken cancellationToken = default);

    /// <summary>The WebP derivative at exactly that width, or null when there is none.</summary>
    Task<Stream?> OpenDerivedAsync(Guid id, int width, CancellationToken cancellationToken = default);

    /// <summary>
    /// A WebP crop of <paramref name="width"/> × <paramref name="height"/> that keeps the focal point
    /// (0..1 across and down the upright image) inside, made once and kept; returns its path, or null
    /// when there is no such image. A crop never upscales: a small original gives a smaller crop of the
    /// same aspect ratio.
    /// </summary>
    Task<string?> CropAsync(Guid id, double focalX, double focalY, int width, int height, CancellationToken cancellationToken = default);

    /// <summary>Removes the original, its derivatives and its crops.</summary>
    Task DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <param name="Width">Width of the upright image (after EXIF rotation), for width and height attributes.</param>
/// <param name="Widths">The derivative widths that exist, smallest first.</param>
public sealed record StoredImage(Guid Id, ImageFormat Format, int Width, int Height, IReadOnlyList<int> Widths);

public sealed record ImageStoreResult(StoredImage? Image, string? Error)
{
    [MemberNotNullWhen(true, nameof(Image))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Image is not null;

    public static ImageStoreResult Stored(StoredImage image) => new(image, null);

    public static ImageStoreResult Refused(string error) => new(null, error);
}
