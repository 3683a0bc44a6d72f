using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Media.Pages;

/// <summary>
/// /redaktion/medier/upload?mappe={id}: adds an image (JPEG, PNG, WebP; with its alternative text) or a PDF to a folder.
/// The type comes from the file's content; an image is only stored once it has an alternative text.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
// Room a little over the 20 MB document limit, so the Danish "too large" is shown rather than the framework failing the request.
[RequestFormLimits(MultipartBodyLengthLimit = 24 * 1024 * 1024)]
[RequestSizeLimit(25 * 1024 * 1024)]
public sealed class UploadModel(CampaignDb db, IImageProcessor images, DocumentStore documents, TimeProvider clock) : PageModel, IPageMeta
{
    public const string NoFile = "Vælg en fil at uploade.";
    public const string NeitherImageNorPdf = "Filen er hverken et billede eller en PDF. Vælg en JPEG-, PNG- eller WebP-fil eller en PDF.";

    public MediaFolderTree Tree { get; private set; } = null!;
    public MediaFolder? Folder { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [BindProperty] public string? AltText { get; set; }
    [BindProperty] public string? Caption { get; set; }

    public string Title => "Upload fil";
    public string? Description => null;
    public string? CanonicalPath => null;

    public IReadOnlyList<Crumb> Breadcrumbs =>
    [
        new("Redaktionen", "/redaktion"),
        new("Medier", "/redaktion/medier"),
        .. Tree.PathTo(Folder?.Id).Select(f => new Crumb(f.Name, LibraryModel.FolderUrl(f.Id))),
        new("Upload fil", Request.Path + Request.QueryString),
    ];

    public async Task<IActionResult> OnGetAsync(Guid? mappe, CancellationToken ct) =>
        await LoadAsync(mappe, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid? mappe, IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(mappe, ct))
        {
            return NotFound();
        }

        if (file is not { Length: > 0 })
        {
            return Invalid(NoFile);
        }

        var fileName = string.IsNullOrWhiteSpace(file.FileName) ? "Unavngivet" : file.FileName;
        var by = User.Identity!.Name!;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var content = file.OpenReadStream();
        var start = new byte[5];
        var read = await content.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, ct);
        content.Position = 0;

        MediaItem item;
        if (DocumentStore.LooksLikePdf(start.AsSpan(0, read)))
        {
            if (MediaItem.Check(MediaKind.Document, fileName, null, Caption) is { Count: > 0 } problems)
            {
                return Invalid([.. problems]);
            }

            var stored = await documents.StoreAsync(content, ct);
            if (!stored.Succeeded)
            {
                return Invalid(stored.Error);
            }

            item = MediaItem.Document(stored.Id.Value, fileName, Caption, Folder?.Id, stored.Size, by, now);
        }
        else
        {
            // The content is checked before the alternative text, so a wrong file is named first.
            var upload = await ImageUpload.CheckAsync(content, file.Length, ct);
            if (!upload.IsValid)
            {
                return Invalid(upload.Error == ImageUpload.NotAnImage ? NeitherImageNorPdf : upload.Error);
            }

            if (MediaItem.Check(MediaKind.Image, fileName, AltText, Caption) is { Count: > 0 } problems)
            {
                return Invalid([.. problems]);
            }

            var stored = await images.StoreAsync(upload, ct);
            if (!stored.Succeeded)
            {
                return Invalid(stored.Error);
            }

            item = MediaItem.Image(stored.Image, fileName, AltText!, Caption, Folder?.Id, file.Length, by, now);
        }

        db.MediaItems.Add(item);
        db.Record(by, "Uploadede fil", "Medie", item.Id, now, item.FileName);
        await db.SaveChangesAsync(ct);
        TempData[StatusMessage.Key] = $"\"{item.FileName}\" er uploadet.";
        return Redirect($"/redaktion/medier/{item.Id}");
    }

    private PageResult Invalid(params string[] errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? folderId, CancellationToken ct)
    {
        Tree = await MediaFolderTree.LoadAsync(db, ct);
        Folder = Tree.Find(folderId);
        return folderId is null || Folder is not null;
    }
}
