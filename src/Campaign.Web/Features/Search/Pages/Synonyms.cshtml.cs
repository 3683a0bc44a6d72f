using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search.Pages;

/// <summary>
/// /redaktion/synonymer: groups of words the search treats as one ("fællesspisning, spisefællesskab, madklub"). Staff see
/// them; editors who may publish add and remove them, and the next search uses the change on every node.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class SynonymsModel(CampaignDb db, SearchSynonyms synonyms, ICacheBus bus, TimeProvider clock) : PageModel, IPageMeta
{
    public IReadOnlyList<SynonymGroup> Groups { get; private set; } = [];
    [BindProperty] public string? Words { get; set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }
    public string? Error { get; private set; }
    public bool MayPublish => User.IsPublisher();

    public string Title => "Synonymer i søgningen";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Synonymer", "/redaktion/synonymer")];

    private string Editor => User.Identity!.Name!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var (words, error) = SynonymGroup.Parse(Words);
        if (error is not null)
        {
            return await Invalid(error, ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var group = SynonymGroup.Create(words, Editor, now);
        db.SynonymGroups.Add(group);
        db.Record(Editor, "Tilføjede synonymer", "Synonymer", group.Id, now, group.Words);
        await db.SaveChangesAsync(ct);
        await synonyms.ChangedAsync(bus, ct);
        Message = $"Søgningen behandler nu {group.Words} som samme ord.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid groupId, CancellationToken ct)
    {
        if (!MayPublish)
        {
            return Forbid();
        }

        var group = await db.SynonymGroups.SingleOrDefaultAsync(g => g.Id == groupId, ct);
        if (group is null)
        {
            return NotFound();
        }

        db.SynonymGroups.Remove(group);
        db.Record(Editor, "Fjernede synonymer", "Synonymer", group.Id, clock.GetUtcNow().UtcDateTime, group.Words);
        await db.SaveChangesAsync(ct);
        await synonyms.ChangedAsync(bus, ct);
        Message = $"Synonymerne {group.Words} er fjernet.";
        return RedirectToPage();
    }

    private async Task<IActionResult> Invalid(string message, CancellationToken ct)
    {
        Error = message;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Groups = await db.SynonymGroups.AsNoTracking().OrderBy(g => g.Words).ToListAsync(ct);
}
