using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Campaign.Web.Features.Media;

public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
}

/// <summary>
/// An uploaded file checked against the rules for images: either the Danish error to show, or the
/// detected format and pixel size with the content. Nothing here decodes pixels: the type comes from
/// the magic bytes and the size from the header, so a small file that claims 20000 × 20000 pixels is
/// refused before any decoder sees it.
/// </summary>
public sealed class ImageUpload
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxSide = 8_000;
    public const long MaxPixels = 40_000_000;

    public const string NotAnImage = "Filen er ikke et billede. Vælg en JPEG-, PNG- eller WebP-fil.";
    public const string TooLarge = "Billedet er for stort. Det må højst fylde 10 MB.";
    public const string Unreadable = "Billedet kunne ikke læses. Filen er måske beskadiget. Gem den igen, eller vælg en anden fil.";

    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    private ImageUpload(string? error, ImageFormat format, int width, int height, byte[] content)
    {
        Error = error;
        Format = format;
        Width = width;
        Height = height;
        Content = content;
    }

    /// <summary>The Danish message to show, or null when the upload is an acceptable image.</summary>
    public string? Error { get; }

    public ImageFormat Format { get; }

    /// <summary>Width as stored in the file, before any EXIF rotation.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary>The uploaded bytes (at most <see cref="MaxBytes"/>); empty when refused.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Error is null;

    public static string TooManyPixels(int width, int height) => string.Format(Danish,
        "Billedet er for stort i pixels ({0:N0} × {1:N0}). Det må højst være {2:N0} pixels på hver led og {3:N0} megapixels i alt.",
        width, height, MaxSide, MaxPixels / 1_000_000);

    /// <summary>
    /// Reads at most <see cref="MaxBytes"/> + 1 bytes and checks them. <paramref name="length"/> is the
    /// declared size (IFormFile.Length) and refuses early; the bytes actually read are what count, so a
    /// stream longer than it claimed is still refused. The file name is deliberately not an input.
    /// </summary>
    public static async Task<ImageUpload> CheckAsync(Stream content, long? length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length > MaxBytes)
        {
            return Refused(TooLarge);
        }

        var buffer = new byte[(int)Math.Min(MaxBytes + 1, length is > 0 ? length.Value + 1 : 64 * 1024)];
        var read = 0;
        while (true)
        {
            if (read == buffer.Length)
            {
                if (read > MaxBytes)
                {
                    return Refused(TooLarge);
                }

                Array.Resize(ref buffer, (int)Math.Min(MaxBytes + 1, (long)buffer.Length * 2));
            }

            var n = await content.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read > MaxBytes)
        {
            return Refused(TooLarge);
        }

        Array.Resize(ref buffer, read);
        return Check(buffer);
    }

    /// <summary>Checks bytes already in memory; never throws for bad content.</summary>
    public static ImageUpload Check(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxBytes)
        {
            return Refused(TooLarge);
        }

        if (Detect(content) is not { } format)
        {
            return Refused(NotAnImage);
        }

        if (ReadSize(format, content) is not var (width, height) || width <= 0 || height <= 0)
        {
            return Refused(Unreadable);
        }

        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            return Refused(TooManyPixels(width, height));
        }

        return new ImageUpload(null, format, width, height, content);
    }

    private static ImageUpload Refused(string error) => new(error, default, 0, 0, []);

    internal static ImageFormat? Detect(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        return null;
    }

    private static (int Width, int Height)? ReadSize(ImageFormat format, ReadOnlySpan<byte> data) => format switch
    {
        ImageFormat.Jpeg => ReadJpegSize(data),
        ImageFormat.Png => ReadPngSize(data),
        ImageFormat.WebP => ReadWebPSize(data),
        _ => null,
    };

    // The first chunk of a PNG must be IHDR: length 13, then big-endian width and height.
    private static (int, int)? ReadPngSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return null;
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return width > int.MaxValue || height > int.MaxValue ? null : ((int)width, (int)height);
    }

    // Walks the marker segments up to the first start-of-frame; length fields let us skip EXIF,
    // ICC and XMP segments of any size without parsing them.
    private static (int, int)? ReadJpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte before a marker
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                return null; // end of image or start of scan before any frame header
            }

            var segment = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (segment < 2)
            {
                return null;
            }

            var isFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
            {
                if (segment < 7 || i + 9 > data.Length)
                {
                    return null;
                }

                int height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return (width, height);
            }

            i += 2 + segment;
        }

        return null;
    }

    // RIFF header, then the first chunk says which of the three WebP encodings follows.
    private static (int, int)? ReadWebPSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return null;
        }

        var chunk = data[12..16];
        var body = data[20..];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (body[3] != 0x9D || body[4] != 0x01 || body[5] != 0x2A)
            {
                return null;
            }

            return (BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF,
                BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (body[0] != 0x2F)
            {
                return null;
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + (body[4] | body[5] << 8 | body[6] << 16), 1 + (body[7] | body[8] << 8 | body[9] << 16));
        }

        return null;
    }
}
