using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Campaign.Web.Features.Media;

/// <summary>
/// /media/{id}-{width}.webp: the derived images, public and cached for a year (a new upload gets a new id).
/// The library's crops and documents are mapped beside them (<see cref="MediaLibraryEndpoints"/>).
/// </summary>
public static partial class MediaEndpoints
{
    public static void MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{name}", async (string name, IImageProcessor images, HttpContext context, CancellationToken ct) =>
        {
            var match = DerivedName().Match(name);
            if (!match.Success || !Guid.TryParse(match.Groups["id"].Value, out var id) || !int.TryParse(match.Groups["width"].Value, out var width))
            {
                return Results.NotFound();
            }

            var stream = await images.OpenDerivedAsync(id, width, ct);
            if (stream is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
            return Results.Stream(stream, "image/webp");
        }).AllowAnonymous();

        app.MapMediaLibraryFiles();
        app.MapMediaPicker();
    }

    /// <summary>The srcset of an image stored with these dimensions, e.g. "/media/…-480.webp 480w, /media/…-960.webp 960w".</summary>
    public static string SrcSet(Guid id, int width) =>
        string.Join(", ", VipsImageProcessor.PlanWidths(width).Select(w => $"{Url(id, w)} {w}w"));

    /// <summary>The derivative to use as src: the largest up to 960 px.</summary>
    public static string DefaultUrl(Guid id, int width) =>
        Url(id, VipsImageProcessor.PlanWidths(width).Where(w => w <= 960).DefaultIfEmpty(VipsImageProcessor.PlanWidths(width)[0]).Max());

    public static string Url(Guid id, int width) => $"/media/{id}-{width}.webp";

    /// <summary>The library file a site address points at (/media/{id}-960.webp, /media/{id}/hero.webp, /media/filer/{id}/x.pdf), or null.</summary>
    public static Guid? IdIn(string? url) =>
        url is not null && LibraryAddress().Match(url.Trim()) is { Success: true } match && Guid.TryParse(match.Groups["id"].Value, out var id) ? id : null;

    [GeneratedRegex(@"^(?:https?://[^/]+)?/media/(?:filer/)?(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:[-/]|$)")]
    private static partial Regex LibraryAddress();

    [GeneratedRegex(@"^(?<id>[0-9a-fA-F-]{36})-(?<width>\d{2,4})\.webp$")]
    private static partial Regex DerivedName();
}
