using System.Buffers.Binary;

namespace Campaign.Web.Features.Media;

internal static class WebPContainer
{
    /// <summary>
    /// The WebP file without its EXIF, XMP and ICC chunks. libvips 8.14 ignores strip for WebP
    /// (libvips#3340) and writes a fresh EXIF chunk even when the image has no metadata left, so
    /// the container is rewritten rather than trusted.
    /// </summary>
    internal static byte[] WithoutMetadata(byte[] webp)
    {
        var output = new MemoryStream(webp.Length);
        output.Write(webp.AsSpan(0, 12));
        for (var i = 12; i + 8 <= webp.Length;)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(i + 4));
            var length = (int)Math.Min(8L + size + (size & 1), webp.Length - i);
            var chunk = webp.AsSpan(i, length);
            if (!(chunk.StartsWith("EXIF"u8) || chunk.StartsWith("XMP "u8) || chunk.StartsWith("ICCP"u8)))
            {
                var start = (int)output.Position;
                output.Write(chunk);
                if (chunk.StartsWith("VP8X"u8))
                {
                    // Clear the ICC (0x20), EXIF (0x08) and XMP (0x04) flags so readers do not look for them.
                    output.GetBuffer()[start + 8] &= unchecked((byte)~(0x20 | 0x08 | 0x04));
                }
            }

            i += length;
        }

        var stripped = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(stripped.AsSpan(4), (uint)(stripped.Length - 8));
        return stripped;
    }
}
