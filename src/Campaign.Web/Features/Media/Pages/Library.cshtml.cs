using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media.Pages;

/// <summary>/redaktion/medier?mappe={id}: a folder of the media library with its subfolders and files; make a folder, remove an empty one.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class LibraryModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public MediaFolderTree Tree { get; private set; } = null!;
    public MediaFolder? Folder { get; private set; }
    public IReadOnlyList<MediaFolder> Subfolders { get; private set; } = [];
    public IReadOnlyList<MediaItem> Items { get; private set; } = [];
    public string? Error { get; private set; }
    public string NewFolderName { get; private set; } = "";
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => Folder?.Name ?? "Medier";
    public string? Description => null;
    public string? CanonicalPath => null;

    public IReadOnlyList<Crumb> Breadcrumbs =>
    [
        new("Redaktionen", "/redaktion"),
        new("Medier", "/redaktion/medier"),
        .. Tree.PathTo(Folder?.Id).Select(f => new Crumb(f.Name, FolderUrl(f.Id))),
    ];

    public static string FolderUrl(Guid? id) => id is null ? "/redaktion/medier" : $"/redaktion/medier?mappe={id}";

    private string Editor => User.Identity!.Name!;

    public async Task<IActionResult> OnGetAsync(Guid? mappe, CancellationToken ct) =>
        await LoadAsync(mappe, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid? mappe, string? action, string? name, CancellationToken ct)
    {
        if (!await LoadAsync(mappe, ct))
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (action)
        {
            case "opret-mappe":
                try
                {
                    var folder = MediaFolder.Create(name ?? "", Folder?.Id, Tree.Children(Folder?.Id).Select(f => f.Name), now);
                    db.MediaFolders.Add(folder);
                    db.Record(Editor, "Oprettede mappe", "Mappe", folder.Id, now, folder.Name);
                    await db.SaveChangesAsync(ct);
                    Message = $"Mappen \"{folder.Name}\" er oprettet.";
                    return Redirect(FolderUrl(folder.Id));
                }
                catch (MediaRuleException e)
                {
                    NewFolderName = name ?? "";
                    return Invalid(e.Message);
                }

            case "slet-mappe" when Folder is { } current:
                if (Subfolders.Count > 0 || Items.Count > 0)
                {
                    return Invalid("Mappen kan kun slettes, når den er tom. Flyt eller slet filerne og undermapperne først.");
                }

                db.MediaFolders.Remove(await db.MediaFolders.SingleAsync(f => f.Id == current.Id, ct));
                db.Record(Editor, "Slettede mappe", "Mappe", current.Id, now, current.Name);
                await db.SaveChangesAsync(ct);
                Message = $"Mappen \"{current.Name}\" er slettet.";
                return Redirect(FolderUrl(current.ParentId));

            default:
                return BadRequest();
        }
    }

    private PageResult Invalid(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? folderId, CancellationToken ct)
    {
        Tree = await MediaFolderTree.LoadAsync(db, ct);
        Folder = Tree.Find(folderId);
        if (folderId is not null && Folder is null)
        {
            return false;
        }

        Subfolders = Tree.Children(Folder?.Id).ToList();
        Items = await db.MediaItems.AsNoTracking()
            .Where(i => i.FolderId == folderId)
            .OrderByDescending(i => i.UploadedAt)
            .ToListAsync(ct);
        return true;
    }
}
