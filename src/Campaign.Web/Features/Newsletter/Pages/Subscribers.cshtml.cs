using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /redaktion/nyhedsbrev/abonnenter: the staff's answer to a subscriber's data rights. Find a subscriber by e-mail,
/// download everything held about them as JSON (access, portability), or erase it all: the subscriber, the consent
/// records and every mail to the address in the outbox. Both are written to the audit log by subscriber id, never by
/// address, so the log keeps no trace of an erased person.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class SubscribersModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public const string ItemType = "Abonnent";

    public string? Q { get; private set; }
    public IReadOnlyList<Subscriber> Found { get; private set; } = [];
    public IReadOnlyDictionary<SubscriberStatus, int> Counts { get; private set; } = new Dictionary<SubscriberStatus, int>();

    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Abonnenter på nyhedsbrevet";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Abonnenter", "/redaktion/nyhedsbrev/abonnenter")];

    private string Editor => User.Identity!.Name!;

    public async Task OnGetAsync(string? q, CancellationToken ct)
    {
        Counts = await db.Subscribers.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Q = q?.Trim();
        if (Q is { Length: >= 3 })
        {
            var term = Q.ToLowerInvariant();
            Found = await db.Subscribers.AsNoTracking().Where(s => s.Email.Contains(term)).OrderBy(s => s.Email).Take(50).ToListAsync(ct);
        }
    }

    public async Task<IActionResult> OnGetExportAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var json = await SubscriberData.ExportAsync(db, id, now, ct);
        if (json is null)
        {
            return NotFound();
        }

        db.Record(Editor, "Udleverede abonnentens data", ItemType, id, now);
        await db.SaveChangesAsync(ct);
        return File(json, "application/json; charset=utf-8", $"abonnent-{id:N}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(Guid id, string? bekraeft, CancellationToken ct)
    {
        if (!await db.Subscribers.AnyAsync(s => s.Id == id, ct))
        {
            return NotFound();
        }

        if (bekraeft != "ja")
        {
            Message = "Sæt flueben for at bekræfte, at alt om abonnenten skal slettes.";
            return RedirectToPage();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SubscriberData.DeleteAsync(db, [id], everyMail: true, ct);
        db.Record(Editor, "Slettede abonnent og alle data om abonnenten", ItemType, id, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Message = "Abonnenten er slettet med samtykke og alle mails til adressen.";
        return RedirectToPage();
    }
}
