using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using NetVips;

namespace Campaign.Web.Features.Media;

/// <summary>
/// <see cref="IImageProcessor"/> on libvips through NetVips, using the system's libvips.so.42
/// (Debian libvips42, Ubuntu libvips42t64). Thread-safe: it holds only paths; every call makes and
/// disposes its own images, and libvips itself is thread-safe.
/// </summary>
public sealed class VipsImageProcessor : IImageProcessor
{
    private static readonly int[] DerivedWidths = [480, 960, 1600];
    private const int DerivedQuality = 80;
    private const int OriginalQuality = 92;

    // Each libvips pipeline already uses every core, so running more than two at once only adds
    // memory: JPEG and non-interlaced PNG stream in strips, but an interlaced PNG decodes whole
    // (up to 40 MP × 4 bands × 2 bytes = 320 MB). libvips is process-wide, so the limit is too.
    private static readonly SemaphoreSlim Slots = new(2);

    private static readonly Lazy<string> OutputProfileOption = new(ConfigureLibvips);

    private readonly string _originals;
    private readonly string _derived;

    public VipsImageProcessor(IOptions<MediaOptions> options)
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException(
                "libvips could not be loaded. Install it with 'apt-get install libvips42' (libvips42t64 on Ubuntu 24.04).",
                ModuleInitializer.Exception);
        }

        if (LibvipsModules.Loaded())
        {
            throw new InvalidOperationException(
                "libvips started before LibvipsModules.KeepOut() ran and loaded its modules, which crash SQLite in this process. "
                + "Call builder.AddMedia() before anything uses NetVips.");
        }

        _ = OutputProfileOption.Value;
        var root = Path.GetFullPath(options.Value.Root);
        _originals = Directory.CreateDirectory(Path.Combine(root, "originals")).FullName;
        _derived = Directory.CreateDirectory(Path.Combine(root, "derived")).FullName;
    }

    public IReadOnlyList<int> Widths => DerivedWidths;

    // Runs once per process, whichever instance comes first.
    private static string ConfigureLibvips()
    {
        // The operation cache pays off when the same image is processed again and again; every upload
        // is new, so a cache would only keep decoded pixels and open files alive.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;

        // Loaders libvips marks untrusted (ImageMagick, PDF, SVG ...) can never be reached from here,
        // even if a future change forgets to check the magic bytes first.
        NetVips.NetVips.BlockUntrusted = true;

        // libvips 8.17 renamed thumbnail's export_profile; NetVips 3 only knows the new name.
        return NetVips.NetVips.AtLeastLibvips(8, 17) ? "output_profile" : "export_profile";
    }

    public async Task<ImageStoreResult> StoreAsync(Stream content, CancellationToken cancellationToken = default) =>
        await StoreAsync(await ImageUpload.CheckAsync(content, content.CanSeek ? content.Length - content.Position : null, cancellationToken), cancellationToken);

    public async Task<ImageStoreResult> StoreAsync(ImageUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!upload.IsValid)
        {
            return ImageStoreResult.Refused(upload.Error);
        }

        await Slots.WaitAsync(cancellationToken);
        var id = Guid.NewGuid();
        try
        {
            return Store(id, upload, ArrayOf(upload.Content), cancellationToken);
        }
        catch (VipsException)
        {
            // The header was fine but the pixels were not (truncated or damaged data).
            DeleteFiles(id);
            return ImageStoreResult.Refused(ImageUpload.Unreadable);
        }
        catch
        {
            DeleteFiles(id);
            throw;
        }
        finally
        {
            Slots.Release();
        }
    }

    private ImageStoreResult Store(Guid id, ImageUpload upload, byte[] content, CancellationToken cancellationToken)
    {
        // Ask the decoder that will do the work for its own idea of the size: libvips reads only the
        // header here, so a disagreement with our parser cannot make it allocate a huge image.
        using (var header = LoadHeader(upload.Format, content))
        {
            if (header.Width > ImageUpload.MaxSide || header.Height > ImageUpload.MaxSide
                || (long)header.Width * header.Height > ImageUpload.MaxPixels)
            {
                return ImageStoreResult.Refused(ImageUpload.TooManyPixels(header.Width, header.Height));
            }
        }

        // The box is as large as the largest allowed side, so this never resizes: it only turns the
        // image upright and into sRGB, and the original keeps its format and full size.
        int width, height;
        using (var upright = Thumbnail(content, ImageUpload.MaxSide, ImageUpload.MaxSide))
        using (var clean = WithoutMetadata(upright))
        {
            width = clean.Width;
            height = clean.Height;
            WriteAtomically(OriginalPath(id, upload.Format), path => SaveOriginal(clean, upload.Format, path));
        }

        var widths = PlanWidths(width);
        foreach (var w in widths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A box as tall as the tallest allowed image makes the width the only constraint.
            using var thumbnail = Thumbnail(content, w, ImageUpload.MaxSide);
            using var clean = WithoutMetadata(thumbnail);
            WriteAtomically(DerivedPath(id, w), path => SaveWebP(clean, path));
        }

        return ImageStoreResult.Stored(new StoredImage(id, upload.Format, width, height, widths));
    }

    public Task<Stream?> OpenDerivedAsync(Guid id, int width, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        return Task.FromResult(OpenOrNull(DerivedPath(id, width)));
    }

    public async Task<string?> CropAsync(Guid id, double focalX, double focalY, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(focalX, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(focalX, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(focalY, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(focalY, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, ImageUpload.MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, ImageUpload.MaxSide);

        if (FindOriginal(id) is not { } original)
        {
            return null;
        }

        // The focal point is kept to a thousandth in the name, so nearby requests share one file.
        var fx = (int)Math.Round(focalX * 1000);
        var fy = (int)Math.Round(focalY * 1000);
        var path = Path.Combine(_derived, $"{id}-{width}x{height}-{fx}-{fy}.webp");
        if (File.Exists(path))
        {
            return path;
        }

        await Slots.WaitAsync(cancellationToken);
        try
        {
            // The stored original is already upright, sRGB and without metadata, so it is cropped as it is.
            using var image = Image.NewFromFile(original, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            var (left, top, cropWidth, cropHeight) = CropRegion(image.Width, image.Height, fx / 1000.0, fy / 1000.0, width, height);
            using var region = image.Crop(left, top, cropWidth, cropHeight);
            using var sized = cropWidth > width ? region.Resize((double)width / cropWidth, vscale: (double)height / cropHeight) : region.Copy();
            WriteAtomically(path, p => SaveWebP(sized, p));
            return path;
        }
        finally
        {
            Slots.Release();
        }
    }

    public Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        DeleteFiles(id);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The largest region of the requested aspect ratio that fits the image, centred on the focal
    /// point and pushed back inside the edges, which keeps the focal point inside the region.
    /// </summary>
    internal static (int Left, int Top, int Width, int Height) CropRegion(int imageWidth, int imageHeight, double focalX, double focalY, int width, int height)
    {
        var aspect = (double)width / height;
        int cropWidth, cropHeight;
        if ((double)imageWidth / imageHeight > aspect)
        {
            cropHeight = imageHeight;
            cropWidth = Math.Clamp((int)Math.Round(imageHeight * aspect), 1, imageWidth);
        }
        else
        {
            cropWidth = imageWidth;
            cropHeight = Math.Clamp((int)Math.Round(imageWidth / aspect), 1, imageHeight);
        }

        var left = Math.Clamp((int)Math.Round(focalX * imageWidth - cropWidth / 2.0), 0, imageWidth - cropWidth);
        var top = Math.Clamp((int)Math.Round(focalY * imageHeight - cropHeight / 2.0), 0, imageHeight - cropHeight);
        return (left, top, cropWidth, cropHeight);
    }

    /// <summary>The configured widths below the image's own, plus its own width when it is not larger than them all.</summary>
    internal static IReadOnlyList<int> PlanWidths(int imageWidth)
    {
        var widths = DerivedWidths.Where(w => w < imageWidth).ToList();
        if (imageWidth <= DerivedWidths[^1])
        {
            widths.Add(imageWidth);
        }

        return widths;
    }

    // Only the loader for the detected format is used, never libvips' own sniffing. Sequential
    // access reads the header now and pixels only when asked, which here they never are.
    private static Image LoadHeader(ImageFormat format, byte[] content) => format switch
    {
        ImageFormat.Jpeg => Image.JpegloadBuffer(content, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
        ImageFormat.Png => Image.PngloadBuffer(content, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
        ImageFormat.WebP => Image.WebploadBuffer(content, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    // thumbnail_buffer shrinks while decoding where the format allows (JPEG, WebP), turns the image
    // upright by its EXIF orientation and converts an embedded profile (or CMYK) to sRGB.
    // fail_on goes to the loader through the option string: libvips 8.14 does not pass thumbnail's
    // own fail_on to it, and without it a truncated file is stored with a grey bottom half.
    private static Image Thumbnail(byte[] content, int width, int height) =>
        (Image)Operation.Call("thumbnail_buffer", new VOption
        {
            { "option_string", "fail_on=error" },
            { "height", height },
            { "size", Enums.Size.Down },
            { OutputProfileOption.Value, "srgb" },
        }, content, width);

    // Removes every metadata item (EXIF with GPS, XMP, IPTC, ICC, comments, orientation) instead of
    // trusting the savers' strip flag: libvips 8.14's webpsave ignores it, and leftover exif-ifd*
    // fields would otherwise be rebuilt into a fresh EXIF block on save.
    private static Image WithoutMetadata(Image image) => image.Mutate(m =>
    {
        foreach (var field in m.GetFields())
        {
            m.Remove(field);
        }
    });

    private static void SaveWebP(Image image, string path, int quality = DerivedQuality) =>
        File.WriteAllBytes(path, WebPContainer.WithoutMetadata(
            image.WebpsaveBuffer(q: quality, smartSubsample: true, effort: 4, keep: Enums.ForeignKeep.None)));

    private static void SaveOriginal(Image image, ImageFormat format, string path)
    {
        switch (format)
        {
            case ImageFormat.Jpeg:
                image.Jpegsave(path, q: OriginalQuality, optimizeCoding: true, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.Png:
                image.Pngsave(path, keep: Enums.ForeignKeep.None);
                break;
            case ImageFormat.WebP:
                SaveWebP(image, path, OriginalQuality);
                break;
        }
    }

    // Readers never see a half-written file: libvips writes beside it and a rename publishes it.
    private static void WriteAtomically(string path, Action<string> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : memory.ToArray();

    private static Stream? OpenOrNull(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string? FindOriginal(Guid id) =>
        Enum.GetValues<ImageFormat>().Select(f => OriginalPath(id, f)).FirstOrDefault(File.Exists);

    private void DeleteFiles(Guid id)
    {
        foreach (var format in Enum.GetValues<ImageFormat>())
        {
            File.Delete(OriginalPath(id, format));
        }

        foreach (var file in Directory.EnumerateFiles(_derived, $"{id}-*"))
        {
            File.Delete(file);
        }
    }

    private string OriginalPath(Guid id, ImageFormat format) => Path.Combine(_originals, $"{id}.{Extension(format)}");

    private string DerivedPath(Guid id, int width) => Path.Combine(_derived, $"{id}-{width}.webp");

    private static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Png => "png",
        _ => "webp",
    };
}
