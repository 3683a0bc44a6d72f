using System.Diagnostics.CodeAnalysis;
using Campaign.Web.Content;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Media;

/// <summary>
/// PDF documents of the media library (campaign material, posters), stored as Media:Root/documents/{id}.pdf,
/// outside wwwroot and under a new name. The type comes from the content (%PDF-), never from the file name.
/// </summary>
public sealed class DocumentStore
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public const string NotAPdf = "Filen er ikke en PDF. Vælg en PDF-fil.";
    public const string TooLarge = "Dokumentet er for stort. Det må højst fylde 20 MB.";

    private readonly string _folder;

    public DocumentStore(IOptions<MediaOptions> options) =>
        _folder = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(options.Value.Root), "documents")).FullName;

    /// <summary>True when the content starts as every PDF file does.</summary>
    public static bool LooksLikePdf(ReadOnlySpan<byte> start) => start.StartsWith("%PDF-"u8);

    /// <summary>Checks and stores a PDF under a new id; content problems come back as a Danish message.</summary>
    public async Task<DocumentStoreResult> StoreAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var id = Guid.NewGuid();
        var path = PathOf(id);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            long size = 0;
            var buffer = new byte[81920];
            var header = new byte[5];
            var headerRead = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                int n;
                while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (headerRead < header.Length)
                    {
                        var take = Math.Min(n, header.Length - headerRead);
                        buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerRead));
                        headerRead += take;
                        if (headerRead == header.Length && !LooksLikePdf(header))
                        {
                            return DocumentStoreResult.Refused(NotAPdf);
                        }
                    }

                    size += n;
                    if (size > MaxBytes)
                    {
                        return DocumentStoreResult.Refused(TooLarge);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                }
            }

            if (headerRead < header.Length)
            {
                return DocumentStoreResult.Refused(NotAPdf);
            }

            File.Move(temporary, path);
            return DocumentStoreResult.Stored(id, size);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The stored file, or null when there is none.</summary>
    public string? Find(Guid id)
    {
        var path = PathOf(id);
        return File.Exists(path) ? path : null;
    }

    public void Delete(Guid id) => File.Delete(PathOf(id));

    /// <summary>The public address: /media/filer/{id}/{name}.pdf, the name made safe for a URL.</summary>
    public static string Url(Guid id, string fileName) => $"/media/filer/{id}/{SafeName(fileName)}";

    /// <summary>"Plakat – Mød hinanden.pdf" becomes "plakat-moed-hinanden.pdf".</summary>
    public static string SafeName(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName ?? "");
        return (string.IsNullOrWhiteSpace(stem) || !stem.Any(char.IsLetterOrDigit) ? "dokument" : UrlSegment.From(stem)) + ".pdf";
    }

    private string PathOf(Guid id) => Path.Combine(_folder, $"{id}.pdf");
}

public sealed record DocumentStoreResult(Guid? Id, long Size, string? Error)
{
    [MemberNotNullWhen(true, nameof(Id))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Id is not null;

    public static DocumentStoreResult Stored(Guid id, long size) => new(id, size, null);

    public static DocumentStoreResult Refused(string error) => new(null, 0, error);
}
