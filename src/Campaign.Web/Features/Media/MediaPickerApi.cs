using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media;

/// <summary>
/// /redaktion/medier/vaelg: what the picker dialog in the content editor lists, as JSON: a folder's subfolders and files,
/// or the files whose name or alternative text match a search. Uploading from the dialog posts to the library's own
/// upload page, so there is one set of upload rules.
/// </summary>
public static class MediaPickerApi
{
    public const int MaxItems = 60;

    public sealed record FolderDto(Guid Id, string Name);

    public sealed record ItemDto(Guid Id, string Name, string? Alt, string? Caption, string Thumb, string Url, string Size, string? Folder);

    public sealed record PickerDto(FolderDto? Folder, FolderDto? Parent, IReadOnlyList<FolderDto> Path, IReadOnlyList<FolderDto> Folders, IReadOnlyList<ItemDto> Items);

    public static void MapMediaPicker(this IEndpointRouteBuilder app)
    {
        app.MapGet("/redaktion/medier/vaelg", async Task<Results<Ok<PickerDto>, NotFound, BadRequest<string>>> (
            string? q, Guid? mappe, string? type, CampaignDb db, CancellationToken ct) =>
        {
            MediaKind? kind = type switch
            {
                "billede" => MediaKind.Image,
                "pdf" => MediaKind.Document,
                null or "" => null,
                _ => (MediaKind)(-1),
            };
            if (kind == (MediaKind)(-1))
            {
                return TypedResults.BadRequest("Filtypen skal være \"billede\" eller \"pdf\".");
            }

            var tree = await MediaFolderTree.LoadAsync(db, ct);
            var folder = tree.Find(mappe);
            if (mappe is not null && folder is null)
            {
                return TypedResults.NotFound();
            }

            var search = q?.Trim().ToLowerInvariant() is { Length: > 0 } s ? s[..Math.Min(s.Length, 100)] : null;
            var items = db.MediaItems.AsNoTracking().Where(i => kind == null || i.Kind == kind);
            items = search is not null
                ? items.Where(i => i.FileName.ToLower().Contains(search) || (i.AltText != null && i.AltText.ToLower().Contains(search)))
                : items.Where(i => i.FolderId == mappe);
            var found = await items.OrderByDescending(i => i.UploadedAt).Take(MaxItems).ToListAsync(ct);

            FolderDto Dto(MediaFolder f) => new(f.Id, f.Name);
            return TypedResults.Ok(new PickerDto(
                folder is null ? null : Dto(folder),
                folder?.ParentId is { } parentId && tree.Find(parentId) is { } parent ? Dto(parent) : null,
                tree.PathTo(folder?.Id).Select(Dto).ToList(),
                search is null ? tree.Children(folder?.Id).Select(Dto).ToList() : [],
                found.Select(i => new ItemDto(
                    i.Id,
                    i.FileName,
                    i.AltText,
                    i.Caption,
                    i.IsImage ? $"/media/{i.Id}/{MediaCrops.Social.Name}.webp?v={i.FocalVersion}" : "",
                    i.IsImage ? $"/media/{i.Id}/{MediaCrops.Hero.Name}.webp" : DocumentStore.Url(i.Id, i.FileName),
                    MediaItem.FormatSize(i.Size),
                    tree.Find(i.FolderId)?.Name)).ToList()));
        }).RequireAuthorization(AuthSetup.StaffPolicy);
    }
}
