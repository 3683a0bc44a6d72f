using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media.Pages;

/// <summary>
/// /redaktion/medier/{id}: one file of the library. Edit its name, alternative text and caption, set an image's
/// focal point (a click on the image with JavaScript, two percentages without), see the named crops and where the
/// file is used, and delete it. A file a published page or public event uses cannot be deleted; one that only
/// drafts use can, after the editor has been warned and confirms.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ItemModel(CampaignDb db, IImageProcessor images, DocumentStore documents, PublishedContentCache cache, TimeProvider clock) : PageModel, IPageMeta
{
    public const string UsedPublicly = "Filen kan ikke slettes, fordi den bruges på en udgivet side, et offentligt arrangement eller et nyhedsbrev, der er planlagt eller ved at blive sendt. Fjern den derfra, og prøv igen.";
    public const string UsedInDrafts = "Filen bruges i kladder eller nyhedsbreve, der ikke er planlagt. Sletter du den, mangler den i kladderne, når de udgives, og i nyhedsbreve, der allerede er sendt.";
    public const string BadFocalPoint = "Fokuspunktet skal angives som to tal mellem 0 og 100 %.";

    public MediaItem Item { get; private set; } = null!;
    public MediaFolderTree Tree { get; private set; } = null!;
    public IReadOnlyList<MediaUse> Uses { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Conflict { get; private set; }

    /// <summary>Set when a delete was refused or needs confirming; shown beside the delete button.</summary>
    public string? DeleteProblem { get; private set; }

    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    [BindProperty] public string FileName { get; set; } = "";
    [BindProperty] public string? AltText { get; set; }
    [BindProperty] public string? Caption { get; set; }
    [BindProperty] public string? FocalX { get; set; }
    [BindProperty] public string? FocalY { get; set; }
    [BindProperty] public Guid? FolderId { get; set; }
    [BindProperty] public int Revision { get; set; }

    public string Title => Item.FileName;
    public string? Description => null;
    public string? CanonicalPath => null;

    public IReadOnlyList<Crumb> Breadcrumbs =>
    [
        new("Redaktionen", "/redaktion"),
        new("Medier", "/redaktion/medier"),
        .. Tree.PathTo(Item.FolderId).Select(f => new Crumb(f.Name, LibraryModel.FolderUrl(f.Id))),
        new(Item.FileName, Request.Path),
    ];

    /// <summary>The src an image block uses: the largest derivative up to 960 px.</summary>
    public string BlockSrc => MediaEndpoints.DefaultUrl(Item.Id, Item.Width ?? 0);

    public string DocumentUrl => DocumentStore.Url(Item.Id, Item.FileName);

    /// <summary>The line the downloads block takes: "Titel | adresse | type | størrelse".</summary>
    public string DownloadLine =>
        $"{Item.Caption ?? Path.GetFileNameWithoutExtension(Item.FileName)} | {DocumentUrl} | PDF | {MediaItem.FormatSize(Item.Size)}";

    private string Editor => User.Identity!.Name!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Fill();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? confirm, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        return action switch
        {
            "gem" => await SaveAsync(ct),
            "slet" => await DeleteAsync(confirm == "ja", ct),
            _ => BadRequest(),
        };
    }

    private async Task<IActionResult> SaveAsync(CancellationToken ct)
    {
        var errors = MediaItem.Check(Item.Kind, FileName, AltText, Caption).ToList();
        double x = Item.FocalX, y = Item.FocalY;
        if (Item.IsImage && !(TryPercent(FocalX, out x) && TryPercent(FocalY, out y)))
        {
            errors.Add(BadFocalPoint);
        }

        if (FolderId is not null && Tree.Find(FolderId) is null)
        {
            errors.Add("Mappen findes ikke længere. Vælg en anden.");
        }

        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            Item.EnsureRevision(Revision);
        }
        catch (MediaConflictException e)
        {
            Conflict = e.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        Item.Describe(FileName, AltText, Caption);
        if (Item.IsImage)
        {
            Item.SetFocalPoint(x, y);
        }

        Item.MoveTo(FolderId);
        Item.Touch();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Record(Editor, "Ændrede fil", "Medie", Item.Id, now,
            Item.IsImage ? $"{Item.FileName} (fokuspunkt {Percent(Item.FocalX)} %, {Percent(Item.FocalY)} %)" : Item.FileName);
        await db.SaveChangesAsync(ct);
        Message = "Ændringerne er gemt.";
        return Redirect($"/redaktion/medier/{Item.Id}");
    }

    private async Task<IActionResult> DeleteAsync(bool confirmed, CancellationToken ct)
    {
        Fill();
        if (Uses.Any(u => u.Public))
        {
            DeleteProblem = UsedPublicly;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        if (Uses.Count > 0 && !confirmed)
        {
            DeleteProblem = UsedInDrafts;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var (id, name, folder) = (Item.Id, Item.FileName, Item.FolderId);
        db.MediaItems.Remove(Item);
        var now = clock.GetUtcNow().UtcDateTime;
        db.Record(Editor, "Slettede fil", "Medie", id, now,
            Uses.Count == 0 ? name : $"{name} (brugt i kladder og nyhedsbreve: {string.Join(", ", Uses.Select(u => u.Name))})");
        await db.SaveChangesAsync(ct);

        // The row goes first: a file left behind by a failure here is only disk space, a row without its file is a broken image.
        if (Item.IsImage)
        {
            await images.DeleteAsync(id, ct);
        }
        else
        {
            documents.Delete(id);
        }

        Message = $"\"{name}\" er slettet.";
        return Redirect(LibraryModel.FolderUrl(Tree.Find(folder)?.Id));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await db.MediaItems.SingleOrDefaultAsync(i => i.Id == id, ct) is not { } item)
        {
            return false;
        }

        Item = item;
        Tree = await MediaFolderTree.LoadAsync(db, ct);
        Uses = await db.FindUsesAsync(id, cache.Current, ct);
        return true;
    }

    /// <summary>The form shows what is stored.</summary>
    private void Fill()
    {
        FileName = Item.FileName;
        AltText = Item.AltText;
        Caption = Item.Caption;
        FocalX = Percent(Item.FocalX);
        FocalY = Percent(Item.FocalY);
        FolderId = Item.FolderId;
        Revision = Item.Revision;
    }

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture);

    // Number inputs post "12.5"; someone typing by hand in Danish may write "12,5".
    private static bool TryPercent(string? text, out double fraction)
    {
        fraction = 0;
        if (!double.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
            || !double.IsFinite(percent) || percent is < 0 or > 100)
        {
            return false;
        }

        fraction = percent / 100;
        return true;
    }
}
