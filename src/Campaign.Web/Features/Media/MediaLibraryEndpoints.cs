using Campaign.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Campaign.Web.Features.Media;

/// <summary>
/// Public files of the media library: /media/{id}/{crop}.webp, a named crop around the image's focal point,
/// and /media/filer/{id}/{name}.pdf, a document shown in the browser. Published pages link to both.
/// </summary>
public static class MediaLibraryEndpoints
{
    private const string CacheForAYear = "public, max-age=31536000, immutable";

    public static void MapMediaLibraryFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{id:guid}/{crop}.webp", async Task<Results<PhysicalFileHttpResult, NotFound>> (
            Guid id, string crop, string? v, CampaignDb db, IImageProcessor images, HttpContext context, CancellationToken ct) =>
        {
            if (MediaCrops.Find(crop) is not { } named)
            {
                return TypedResults.NotFound();
            }

            var focal = await db.MediaItems.AsNoTracking()
                .Where(i => i.Id == id && i.Kind == MediaKind.Image)
                .Select(i => new { i.FocalX, i.FocalY })
                .SingleOrDefaultAsync(ct);
            if (focal is null || await images.CropAsync(id, focal.FocalX, focal.FocalY, named.Width, named.Height, ct) is not { } path)
            {
                return TypedResults.NotFound();
            }

            // The version in the query names the focal point; an old or missing one still gets the current
            // crop, but only for a while, as the focal point may move again.
            context.Response.Headers[HeaderNames.CacheControl] = v == MediaItem.VersionOf(focal.FocalX, focal.FocalY)
                ? CacheForAYear
                : "public, max-age=300";
            return TypedResults.PhysicalFile(path, "image/webp");
        }).AllowAnonymous();

        app.MapGet("/media/filer/{id:guid}/{name}", Results<PhysicalFileHttpResult, NotFound> (Guid id, string name, DocumentStore documents, HttpContext context) =>
        {
            if (!name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) || documents.Find(id) is not { } path)
            {
                return TypedResults.NotFound();
            }

            // A document never changes under its id (a new upload gets a new one), so it may be cached for a year.
            context.Response.Headers[HeaderNames.CacheControl] = CacheForAYear;
            context.Response.Headers[HeaderNames.ContentDisposition] =
                new ContentDispositionHeaderValue("inline") { FileName = DocumentStore.SafeName(name) }.ToString();
            return TypedResults.PhysicalFile(path, "application/pdf");
        }).AllowAnonymous();
    }
}
