using System.ComponentModel.DataAnnotations;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Partnerships;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Moderation.Pages;

/// <summary>
/// /redaktion/moderation: new associations, events and requests to join a local partnership waiting for an editor,
/// oldest first, each shown as the public will see it. Every decision is logged with who and when, and the association hears about it by mail.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class QueueModel(CampaignDb db, EventStore eventStore, EventMails mails, JoinDecisions joins, TimeProvider clock) : PageModel, IPageMeta
{
    public IReadOnlyList<Association> Associations { get; private set; } = [];
    public IReadOnlyList<Event> Events { get; private set; } = [];
    public IReadOnlyList<Event> Changed { get; private set; } = [];
    public IReadOnlyDictionary<Guid, Association> AssociationsById { get; private set; } = new Dictionary<Guid, Association>();
    public IReadOnlyList<JoinRequestReview> JoinRequests { get; private set; } = [];

    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Moderation";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Moderation", "/redaktion/moderation")];

    private string Editor => User.Identity!.Name!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Associations = await db.Associations.AsNoTracking().Where(a => a.Status == AssociationStatus.Pending).OrderBy(a => a.CreatedAt).ToListAsync(ct);
        Events = await db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Pending).OrderBy(e => e.UpdatedAt).ToListAsync(ct);
        Changed = await db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Published && e.PendingDetails != null).OrderBy(e => e.UpdatedAt).ToListAsync(ct);
        var ids = Events.Concat(Changed).Select(e => e.AssociationId).OfType<Guid>().Distinct().ToList();
        AssociationsById = await db.Associations.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        JoinRequests = await joins.PendingAsync(ct);
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, int? revision, CancellationToken ct) =>
        DecideEventAsync(id, revision, EventStatus.Pending, "Godkendte arrangement", (evt, now) => evt.Publish(now), mails.ApprovedAsync, "Arrangementet er godkendt og vises nu i kalenderen.", ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, int? revision, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct) =>
        DecideEventAsync(id, revision, EventStatus.Pending, "Afviste arrangement", (evt, now) => evt.Reject(reason ?? "", now),
            (evt, c) => mails.RejectedAsync(evt, reason!, c), "Arrangementet er afvist, og arrangøren har fået begrundelsen.", ct, reason);

    public Task<IActionResult> OnPostRequestChangesAsync(Guid id, int? revision, [DataType(DataType.MultilineText)] string? note, CancellationToken ct) =>
        DecideEventAsync(id, revision, EventStatus.Pending, "Bad om ændringer", (evt, now) => evt.RequestChanges(note ?? "", now),
            (evt, c) => mails.ChangesRequestedAsync(evt, note!, c), "Arrangøren er bedt om at rette arrangementet.", ct, note);

    public Task<IActionResult> OnPostApproveChangesAsync(Guid id, int? revision, CancellationToken ct) =>
        DecideEventAsync(id, revision, EventStatus.Published, "Godkendte ændringer", (evt, now) => evt.ApproveChanges(now), mails.ApprovedAsync, "Ændringerne er godkendt og vises nu.", ct);

    public Task<IActionResult> OnPostRejectChangesAsync(Guid id, int? revision, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct) =>
        DecideEventAsync(id, revision, EventStatus.Published, "Afviste ændringer", (evt, now) => evt.RejectChanges(reason ?? "", now),
            (evt, c) => mails.RejectedAsync(evt, reason!, c), "Ændringerne er afvist; den tidligere udgave vises fortsat.", ct, reason);

    public async Task<IActionResult> OnPostAssociationAsync(Guid id, string? decision, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct)
    {
        var association = await db.Associations.SingleOrDefaultAsync(a => a.Id == id && a.Status == AssociationStatus.Pending, ct);
        if (association is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        switch (decision)
        {
            case "godkend":
                association.Approve(Editor, now);
                break;
            case "betroet":
                association.Approve(Editor, now, trusted: true);
                break;
            case "afvis" when !string.IsNullOrWhiteSpace(reason):
                association.Reject(Editor, reason, now);
                break;
            default:
                Message = "Skriv en begrundelse, når du afviser en forening.";
                return RedirectToPage();
        }

        db.Record(Editor, decision switch { "afvis" => "Afviste forening", "betroet" => "Godkendte forening som betroet", _ => "Godkendte forening" }, "Forening", id, now, reason);
        await mails.AssociationDecidedAsync(association, ct);
        await db.SaveChangesAsync(ct);
        Message = $"{association.Name}: {(association.Status == AssociationStatus.Approved ? "godkendt" : "afvist")}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPartnershipAsync(Guid id, string? decision, [DataType(DataType.MultilineText)] string? reason, CancellationToken ct)
    {
        if (decision is not ("godkend" or "afvis"))
        {
            Message = "Vælg at godkende eller afvise anmodningen.";
            return RedirectToPage();
        }

        var result = await joins.DecideAsync(id, decision == "godkend", reason, Editor, ct);
        if (result is null)
        {
            return NotFound();
        }

        Message = result;
        return RedirectToPage();
    }

    /// <summary>
    /// A decision applies to the revision the editor looked at: if the association changed the event since, the
    /// decision is refused and the queue shows the new text, so nothing is approved unseen.
    /// </summary>
    private async Task<IActionResult> DecideEventAsync(Guid id, int? revision, EventStatus expected, string action, Action<Event, DateTime> decide,
        Func<Event, CancellationToken, Task> mail, string done, CancellationToken ct, string? details = null)
    {
        var evt = await db.Events.Include(e => e.Occurrences).SingleOrDefaultAsync(e => e.Id == id && e.Status == expected, ct);
        if (evt is null)
        {
            return NotFound();
        }

        if (revision != evt.Revision)
        {
            Message = $"\"{(evt.ProposedDetails ?? evt.Details).Title}\" er blevet ændret af arrangøren, siden du så det. Din beslutning er ikke gemt: se den nye udgave igennem og beslut igen.";
            await OnGetAsync(ct);
            var page = Page();
            page.StatusCode = StatusCodes.Status409Conflict;
            return page;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            decide(evt, now);
        }
        catch (EventRuleException e)
        {
            Message = e.Message;
            return RedirectToPage();
        }

        db.Record(Editor, action, "Arrangement", id, now, details);
        await mail(evt, ct);
        await eventStore.SaveAsync(evt, ct);
        Message = done;
        return RedirectToPage();
    }
}
