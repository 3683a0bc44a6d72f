using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>
/// /redaktion/vaerktoejer: redirects editors keep (old address → page), the recycle bin, and the uSync export.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class ToolsModel(CampaignDb db, ContentCommands commands, SyncExporter exporter, PublishedContentCache cache, TimeProvider clock) : PageModel, IPageMeta
{
    public IReadOnlyList<(Campaign.Web.Content.Redirect Redirect, string? Target)> Redirects { get; private set; } = [];
    public IReadOnlyList<ContentNode> Trash { get; private set; } = [];
    [BindProperty] public string? OldPath { get; set; }
    [BindProperty] public Guid? TargetId { get; set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }
    public string? Error { get; private set; }

    public bool MayPublish => User.IsPublisher();
    public IReadOnlyList<PublishedPage> Pages => cache.Current.Pages;

    public string Title => "Værktøjer";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Værktøjer", "/redaktion/vaerktoejer")];

    private string Editor => User.Identity!.Name!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddRedirectAsync(CancellationToken ct)
    {
        var path = PublishedSnapshot.Normalize(OldPath ?? "").ToLowerInvariant();
        if (!MayPublish)
        {
            return Forbid();
        }

        if (path.Length < 2 || path.Length > 400 || path.Contains("//", StringComparison.Ordinal) || path.Any(char.IsWhiteSpace))
        {
            return await Invalid("Skriv den gamle adresse som en sti, fx /kampagne2025.", ct);
        }

        if (TargetId is not { } target || cache.Current.FindById(target) is null)
        {
            return await Invalid("Vælg den side, adressen skal føre til.", ct);
        }

        if (cache.Current.Find(path) is not null || await db.Redirects.AnyAsync(r => r.Path == path, ct))
        {
            return await Invalid($"Adressen {path} er allerede i brug.", ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Redirects.Add(Campaign.Web.Content.Redirect.To(target, path, Editor, now));
        db.Record(Editor, "Tilføjede omdirigering", "Side", target, now, path);
        await db.SaveChangesAsync(ct);
        await cache.RefreshAsync(ct);
        Message = $"{path} fører nu til siden.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveRedirectAsync(Guid redirectId, CancellationToken ct)
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var redirect = await db.Redirects.SingleOrDefaultAsync(r => r.Id == redirectId, ct);
        if (redirect is null)
        {
            return NotFound();
        }

        db.Redirects.Remove(redirect);
        db.Record(Editor, "Fjernede omdirigering", "Side", redirect.NodeId, clock.GetUtcNow().UtcDateTime, redirect.Path);
        await db.SaveChangesAsync(ct);
        await cache.RefreshAsync(ct);
        Message = $"Omdirigeringen fra {redirect.Path} er fjernet.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRestoreAsync(Guid nodeId, CancellationToken ct)
    {
        if (!await db.ContentNodes.AnyAsync(n => n.Id == nodeId && n.IsTrashed, ct))
        {
            return NotFound();
        }

        await commands.RestoreAsync(nodeId, Editor, ct);
        Message = "Siden er gendannet som kladde og er ikke på sitet. En redaktør udgiver den, når den skal vises igen.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var report = await exporter.ExportAsync(ct);
        db.Record(Editor, "Eksporterede indhold til uSync", "Indhold", Guid.Empty, clock.GetUtcNow().UtcDateTime, $"{report.Written} skrevet, {report.Removed} fjernet");
        await db.SaveChangesAsync(ct);
        Message = $"Indholdet er skrevet til uSync: {report.Written} filer ændret, {report.Unchanged} uændret, {report.Removed} fjernet.";
        return RedirectToPage();
    }

    private async Task<IActionResult> Invalid(string message, CancellationToken ct)
    {
        Error = message;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var redirects = await db.Redirects.AsNoTracking().OrderBy(r => r.Path).ToListAsync(ct);
        Redirects = redirects.Select(r => (r, cache.Current.FindById(r.NodeId)?.Url)).ToList();
        Trash = await db.ContentNodes.AsNoTracking().Where(n => n.IsTrashed).OrderByDescending(n => n.UpdatedAt).ToListAsync(ct);
    }
}
