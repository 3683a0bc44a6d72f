using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Campaign.Web.Features.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetVips;

namespace Campaign.Tests.Media;

internal static class LibvipsSetup
{
    // Tests touch NetVips directly (to build and inspect images), possibly before any app is built,
    // so the module guard runs when this assembly loads, ahead of every test and its data.
    [ModuleInitializer]
    internal static void KeepLibvipsModulesOut() => LibvipsModules.KeepOut();
}

public sealed class ImageProcessorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("campaign-media-").FullName;
    private readonly VipsImageProcessor _images;

    public ImageProcessorTests() => _images = new VipsImageProcessor(Options.Create(new MediaOptions { Root = _root }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(ImageFormat.Jpeg, "jpg")]
    [InlineData(ImageFormat.Png, "png")]
    [InlineData(ImageFormat.WebP, "webp")]
    public async Task Each_format_is_stored_with_webp_derivatives_at_the_right_widths(ImageFormat format, string extension)
    {
        var result = await _images.StoreAsync(new MemoryStream(Encode(Gradient(2000, 1000), format)));

        Assert.True(result.Succeeded, result.Error);
        var stored = result.Image;
        Assert.Equal((format, 2000, 1000), (stored.Format, stored.Width, stored.Height));
        Assert.Equal([480, 960, 1600], stored.Widths);
        foreach (var width in stored.Widths)
        {
            var bytes = await ReadDerivedAsync(stored.Id, width);
            Assert.Equal(ImageFormat.WebP, ImageUpload.Detect(bytes));
            using var derived = Image.WebploadBuffer(bytes);
            Assert.Equal(width, derived.Width);
            Assert.InRange(derived.Height, width / 2 - 1, width / 2 + 1);
        }

        var original = await File.ReadAllBytesAsync(Path.Combine(_root, "originals", $"{stored.Id}.{extension}"));
        Assert.Equal(format, ImageUpload.Detect(original));
    }

    public static TheoryData<string, byte[]> UnusualButValidImages() => new()
    {
        { "greyscale jpeg", Gradient(640, 480)[0].JpegsaveBuffer() },
        { "cmyk jpeg", Gradient(640, 480).IccTransform("cmyk").JpegsaveBuffer() },
        { "progressive jpeg", Gradient(640, 480).JpegsaveBuffer(interlace: true) },
        { "16-bit png with alpha", (Gradient(640, 480).Bandjoin(200).Cast(Enums.BandFormat.Ushort) * 257).Copy(interpretation: Enums.Interpretation.Rgb16).PngsaveBuffer() },
        { "interlaced png", Gradient(640, 480).PngsaveBuffer(interlace: true) },
        { "palette png", Gradient(640, 480).PngsaveBuffer(palette: true) },
        { "lossless webp", Gradient(640, 480).WebpsaveBuffer(lossless: true) },
        { "webp with alpha", Gradient(640, 480).Bandjoin(128).WebpsaveBuffer() },
    };

    [Theory]
    [MemberData(nameof(UnusualButValidImages))]
    public async Task Unusual_but_valid_images_are_stored(string what, byte[] content)
    {
        var result = await _images.StoreAsync(new MemoryStream(content));

        Assert.True(result.Succeeded, $"{what}: {result.Error}");
        Assert.Equal((640, 480), (result.Image.Width, result.Image.Height));
        Assert.Equal([480, 640], result.Image.Widths);
        using var derived = Image.WebploadBuffer(await ReadDerivedAsync(result.Image.Id, 480));
        Assert.Equal((480, 360), (derived.Width, derived.Height));
        // The middle of the gradient is mid-grey in every variant once it is back in sRGB (CMYK included).
        Assert.All(derived.Getpoint(240, 180)[..3], channel => Assert.InRange(channel, 115, 140));
    }

    [Fact]
    public async Task A_small_image_is_never_upscaled()
    {
        var result = await _images.StoreAsync(new MemoryStream(Gradient(300, 200).PngsaveBuffer()));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal([300], result.Image.Widths);
        using var derived = Image.WebploadBuffer(await ReadDerivedAsync(result.Image.Id, 300));
        Assert.Equal((300, 200), (derived.Width, derived.Height));
        Assert.Null(await _images.OpenDerivedAsync(result.Image.Id, 480));
    }

    [Fact]
    public async Task A_renamed_executable_is_refused_whatever_its_name()
    {
        // The file name (say "ferie.jpg") is not even an input: only the content decides.
        var exe = new byte[4096];
        "MZ\u0090\0\u0003\0\0\0\u0004\0\0\0\u00FF\u00FF"u8.ToArray().CopyTo(exe, 0);
        "This program cannot be run in DOS mode."u8.ToArray().CopyTo(exe, 78);

        var check = await ImageUpload.CheckAsync(new MemoryStream(exe), exe.Length);
        var stored = await _images.StoreAsync(new MemoryStream(exe));

        Assert.Equal("Filen er ikke et billede. Vælg en JPEG-, PNG- eller WebP-fil.", check.Error);
        Assert.Equal(check.Error, stored.Error);
        AssertNothingStored();
    }

    [Theory]
    [InlineData(12L * 1024 * 1024)] // declared honestly
    [InlineData(1_000L)] // the client lied about the length
    [InlineData(null)] // length unknown
    public async Task A_file_over_10_MB_is_refused(long? declaredLength)
    {
        var content = new byte[12 * 1024 * 1024];
        Encode(Gradient(64, 64), ImageFormat.Jpeg).CopyTo(content, 0);

        var check = await ImageUpload.CheckAsync(new MemoryStream(content), declaredLength);

        Assert.Equal("Billedet er for stort. Det må højst fylde 10 MB.", check.Error);
        Assert.Equal(check.Error, (await _images.StoreAsync(new MemoryStream(content))).Error);
        AssertNothingStored();
    }

    [Fact]
    public async Task A_20000_by_20000_png_is_refused_from_its_header_without_decoding()
    {
        var png = HugePng(20_000, 20_000);
        using (var header = Image.PngloadBuffer(png, access: Enums.Access.Sequential))
        {
            Assert.Equal((20_000, 20_000), (header.Width, header.Height)); // a real PNG, libvips agrees
        }

        GC.Collect();
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var check = await ImageUpload.CheckAsync(new MemoryStream(png), png.Length);

        clock.Stop();
        var allocatedDuringCheck = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var workingSetGrowth = Process.GetCurrentProcess().WorkingSet64 - workingSet;
        Assert.Equal("Billedet er for stort i pixels (20.000 × 20.000). Det må højst være 8.000 pixels på hver led og 40 megapixels i alt.", check.Error);
        // Decoding would take seconds and 400 MB (1.2 GB as RGB); reading a header takes neither.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.True(allocatedDuringCheck < 16 * 1024 * 1024, $"allocated {allocatedDuringCheck:N0} bytes");
        Assert.True(workingSetGrowth < 200 * 1024 * 1024, $"working set grew {workingSetGrowth:N0} bytes");

        Assert.Equal(check.Error, (await _images.StoreAsync(new MemoryStream(png))).Error);
        AssertNothingStored();
    }

    [Fact]
    public async Task Gps_exif_xmp_and_iptc_are_stripped_from_the_derivatives_and_the_stored_original()
    {
        var jpeg = WithIptc(Gradient(1200, 800).Mutate(m =>
        {
            m.Set(GValue.GStrType, "exif-ifd0-Make", "Testkamera");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "55/1 40/1 3/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "12/1 34/1 5/1");
            m.Set(GValue.BlobType, "xmp-data", Encoding.UTF8.GetBytes(
                "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
                + "<rdf:Description xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSLatitude='55,40.05N'/></rdf:RDF></x:xmpmeta>"));
        }).JpegsaveBuffer(q: 90));
        using (var upload = Image.NewFromBuffer(jpeg))
        {
            var fields = upload.GetFields();
            Assert.Contains("exif-ifd3-GPSLatitude", fields);
            Assert.Contains("xmp-data", fields);
            Assert.Contains("iptc-data", fields);
        }

        var result = await _images.StoreAsync(new MemoryStream(jpeg));

        Assert.True(result.Succeeded, result.Error);
        foreach (var width in result.Image.Widths)
        {
            var webp = await ReadDerivedAsync(result.Image.Id, width);
            Assert.All(RiffChunks(webp), chunk => Assert.Contains(chunk, new[] { "VP8 ", "VP8L", "VP8X", "ALPH" }));
            AssertNoMetadata(webp);
        }

        // The original is kept stripped too (re-encoded upright at high quality), so no copy with
        // the uploader's location exists anywhere, even outside wwwroot.
        var original = await File.ReadAllBytesAsync(Path.Combine(_root, "originals", $"{result.Image.Id}.jpg"));
        Assert.DoesNotContain(JpegMarkers(original), m => m is 0xE1 or 0xE2 or 0xED or 0xFE); // EXIF/XMP, ICC, IPTC, comment
        AssertNoMetadata(original);
    }

    [Fact]
    public async Task Exif_orientation_6_is_turned_upright()
    {
        // Stored sideways: 200 × 100 with a red left edge; orientation 6 means "turn 90° clockwise to show",
        // so the upright image is 100 × 200 with the red edge at the top.
        var xyz = Image.Xyz(200, 100);
        var sideways = (xyz[0] < 50).Ifthenelse(new double[] { 255, 0, 0 }, new double[] { 0, 0, 255 })
            .Cast(Enums.BandFormat.Uchar)
            .Mutate(m => m.Set(GValue.GIntType, "orientation", 6));

        var result = await _images.StoreAsync(new MemoryStream(sideways.JpegsaveBuffer(q: 95)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((100, 200), (result.Image.Width, result.Image.Height));
        using var derived = Image.WebploadBuffer(await ReadDerivedAsync(result.Image.Id, 100));
        using var original = Image.NewFromFile(Path.Combine(_root, "originals", $"{result.Image.Id}.jpg"));
        foreach (var image in new[] { derived, original })
        {
            Assert.Equal((100, 200), (image.Width, image.Height));
            AssertColour(image.Getpoint(50, 10), red: true);
            AssertColour(image.Getpoint(50, 190), red: false);
            Assert.DoesNotContain("orientation", image.GetFields());
        }
    }

    public static TheoryData<string, byte[]> UnreadableUploads() => new()
    {
        { "empty", [] },
        { "random bytes", RandomBytes(5000) },
        { "text", "Hej, jeg er ikke et billede"u8.ToArray() },
        { "jpeg magic then noise", [0xFF, 0xD8, 0xFF, .. RandomBytes(5000)] },
        { "png signature only", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A] },
        { "riff webp header only", "RIFF\0\0\0\0WEBP"u8.ToArray() },
        { "truncated jpeg", Encode(Gradient(400, 300), ImageFormat.Jpeg)[..600] },
        { "truncated png", Truncate(Encode(Gradient(400, 300), ImageFormat.Png), 0.6) },
        { "truncated webp", Truncate(Encode(Gradient(400, 300), ImageFormat.WebP), 0.6) },
        { "jpeg with its second half missing", Truncate(Encode(Gradient(400, 300), ImageFormat.Jpeg), 0.5) },
    };

    [Theory]
    [MemberData(nameof(UnreadableUploads))]
    public async Task Corrupt_content_gets_a_danish_message_and_never_an_exception(string what, byte[] content)
    {
        var result = await _images.StoreAsync(new MemoryStream(content));

        Assert.False(result.Succeeded, what);
        Assert.Contains(result.Error, new[] { ImageUpload.NotAnImage, ImageUpload.Unreadable });
        AssertNothingStored();
    }

    [Fact]
    public async Task A_crop_keeps_the_focal_point_inside()
    {
        // A red spot at (90 %, 50 %) of a blue 1600 × 900 image.
        var xyz = Image.Xyz(1600, 900);
        var spot = ((xyz[0] - 1440).Abs() < 20) & ((xyz[1] - 450).Abs() < 20);
        var image = spot.Ifthenelse(new double[] { 255, 0, 0 }, new double[] { 0, 0, 255 }).Cast(Enums.BandFormat.Uchar);
        var stored = (await _images.StoreAsync(new MemoryStream(image.PngsaveBuffer()))).Image!;

        var square = await _images.CropAsync(stored.Id, 0.9, 0.5, 400, 400);
        var wide = await _images.CropAsync(stored.Id, 0.9, 0.5, 960, 540);
        var portrait = await _images.CropAsync(stored.Id, 1.0, 0.0, 400, 500);

        using (var crop = Image.NewFromFile(square!))
        {
            Assert.Equal((400, 400), (crop.Width, crop.Height));
            // The 900 × 900 region is pushed back to x = 700, so the spot lands at (1440 - 700) × 400 / 900.
            AssertColour(crop.Getpoint(329, 200), red: true);
        }

        using (var crop = Image.NewFromFile(wide!))
        {
            Assert.Equal((960, 540), (crop.Width, crop.Height));
            AssertColour(crop.Getpoint(864, 270), red: true);
        }

        using (var crop = Image.NewFromFile(portrait!))
        {
            Assert.Equal((400, 500), (crop.Width, crop.Height));
        }

        Assert.Equal(ImageFormat.WebP, ImageUpload.Detect(await File.ReadAllBytesAsync(square!)));
        Assert.Equal(square, await _images.CropAsync(stored.Id, 0.9, 0.5, 400, 400)); // made once, then reused
        Assert.Null(await _images.CropAsync(Guid.NewGuid(), 0.5, 0.5, 400, 400));
    }

    [Fact]
    public void The_crop_region_always_fits_the_image_and_contains_the_focal_point()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var (imageWidth, imageHeight) = (random.Next(1, 8001), random.Next(1, 8001));
            var (width, height) = (random.Next(1, 2000), random.Next(1, 2000));
            var (fx, fy) = (random.NextDouble(), random.NextDouble());

            var (left, top, w, h) = VipsImageProcessor.CropRegion(imageWidth, imageHeight, fx, fy, width, height);

            Assert.True(left >= 0 && top >= 0 && w >= 1 && h >= 1 && left + w <= imageWidth && top + h <= imageHeight);
            Assert.InRange(fx * imageWidth, left - 0.5, left + w + 0.5);
            Assert.InRange(fy * imageHeight, top - 0.5, top + h + 0.5);
            Assert.True(w == imageWidth || h == imageHeight, "the region is as large as the aspect ratio allows");
        }
    }

    [Fact]
    public async Task Stores_run_safely_in_parallel()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => _images.StoreAsync(new MemoryStream(Encode(Gradient(900 + i * 100, 600), ImageFormat.Jpeg))))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(6, results.Select(r => r.Image!.Id).Distinct().Count());
    }

    [Fact]
    public async Task Delete_removes_the_original_the_derivatives_and_the_crops()
    {
        var stored = (await _images.StoreAsync(new MemoryStream(Encode(Gradient(1000, 800), ImageFormat.Jpeg)))).Image!;
        await _images.CropAsync(stored.Id, 0.5, 0.5, 300, 300);

        await _images.DeleteAsync(stored.Id);

        AssertNothingStored();
        Assert.Null(await _images.OpenDerivedAsync(stored.Id, stored.Widths[0]));
    }

    [Fact]
    public async Task Libvips_works_without_loading_its_modules()
    {
        // Debian's OpenSlide module would bring the system SQLite into the process and crash the app's own.
        var result = await _images.StoreAsync(new MemoryStream(Encode(Gradient(500, 400), ImageFormat.WebP)));

        Assert.True(result.Succeeded, result.Error);
        Assert.False(LibvipsModules.Loaded());
    }

    [Fact]
    public async Task AddMedia_resolves_the_root_against_the_content_root_and_keeps_it_out_of_wwwroot()
    {
        var webRoot = Directory.CreateDirectory(Path.Combine(_root, "site", "wwwroot")).FullName;

        await using (var app = BuildApp("App_Data/media"))
        {
            Assert.Equal(Path.Combine(_root, "site", "App_Data", "media"), app.Services.GetRequiredService<IOptions<MediaOptions>>().Value.Root);
            Assert.IsType<VipsImageProcessor>(app.Services.GetRequiredService<IImageProcessor>());
            Assert.True(Directory.Exists(Path.Combine(_root, "site", "App_Data", "media", "originals")));
        }

        await using (var app = BuildApp("wwwroot/uploads"))
        {
            Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        }

        WebApplication BuildApp(string root)
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ContentRootPath = Path.Combine(_root, "site"),
                WebRootPath = webRoot,
                EnvironmentName = "Testing",
            });
            builder.Configuration["Media:Root"] = root;
            builder.AddMedia();
            return builder.Build();
        }
    }

    private async Task<byte[]> ReadDerivedAsync(Guid id, int width)
    {
        await using var stream = await _images.OpenDerivedAsync(id, width) ?? throw new Xunit.Sdk.XunitException($"no derivative {id} at {width}");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private void AssertNothingStored() =>
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));

    private static void AssertNoMetadata(byte[] file)
    {
        using var image = Image.NewFromBuffer(file);
        Assert.DoesNotContain(image.GetFields(), f => f.StartsWith("exif", StringComparison.Ordinal)
            || f is "xmp-data" or "iptc-data" or "icc-profile-data" or "orientation");
        var text = Encoding.Latin1.GetString(file);
        foreach (var trace in new[] { "Exif", "GPS", "Testkamera", "xmpmeta", "Photoshop", "Aarhus" })
        {
            Assert.DoesNotContain(trace, text, StringComparison.Ordinal);
        }
    }

    private static void AssertColour(double[] pixel, bool red)
    {
        // Lossy WebP and JPEG shift saturated colours a little, so compare red with blue, not with exact values.
        var (r, b) = (pixel[0], pixel[2]);
        Assert.True(red ? r - b > 100 : b - r > 100, $"expected {(red ? "red" : "blue")}, got [{string.Join(", ", pixel)}]");
    }

    private static Image Gradient(int width, int height)
    {
        var xyz = Image.Xyz(width, height);
        return (xyz[0] * (255.0 / width))
            .Bandjoin(xyz[1] * (255.0 / height), xyz[0] * 0 + 128)
            .Cast(Enums.BandFormat.Uchar);
    }

    private static byte[] Encode(Image image, ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => image.JpegsaveBuffer(q: 90),
        ImageFormat.Png => image.PngsaveBuffer(),
        _ => image.WebpsaveBuffer(q: 85),
    };

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncate(byte[] bytes, double fraction) => bytes[..(int)(bytes.Length * fraction)];

    // An APP13 "Photoshop 3.0" segment with an IPTC record (caption and city) right after SOI,
    // as cameras and photo tools write it.
    private static byte[] WithIptc(byte[] jpeg)
    {
        var iptc = new MemoryStream();
        foreach (var (tag, value) in new[] { (0x78, "Billedtekst"), (0x5A, "Aarhus") })
        {
            var text = Encoding.ASCII.GetBytes(value);
            iptc.Write([0x1C, 0x02, (byte)tag, 0, (byte)text.Length]);
            iptc.Write(text);
        }

        if (iptc.Length % 2 == 1)
        {
            iptc.WriteByte(0);
        }

        var payload = new MemoryStream();
        payload.Write("Photoshop 3.0\0"u8);
        payload.Write("8BIM"u8);
        payload.Write([0x04, 0x04, 0, 0]);
        payload.Write(BigEndian((uint)iptc.Length));
        payload.Write(iptc.ToArray());

        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xED;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.ToArray().CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA; i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2)))
        {
            markers.Add(jpeg[i + 1]);
        }

        return markers;
    }

    private static List<string> RiffChunks(byte[] webp)
    {
        var chunks = new List<string>();
        for (var i = 12; i + 8 <= webp.Length; i += 8 + (int)((BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(i + 4)) + 1) & ~1u))
        {
            chunks.Add(Encoding.ASCII.GetString(webp, i, 4));
        }

        return chunks;
    }

    // A valid 1-bit greyscale PNG: all-zero rows compress to almost nothing, so the file is tiny
    // while its header promises width × height pixels.
    private static byte[] HugePng(int width, int height)
    {
        var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width + 7) / 8];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", [.. BigEndian((uint)width), .. BigEndian((uint)height), 1, 0, 0, 0, 0]);
        WriteChunk(png, "IDAT", rows.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typed = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(BigEndian((uint)data.Length));
        png.Write(typed);
        png.Write(BigEndian(Crc32(typed)));
    }

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
