using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/arrangement/{id}/aflys: cancel a published event with a message to the public, or delete a draft.
/// Only the association's own events; anything else is 404.
/// </summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.SubmitRateLimit)]
public sealed class CancelEventModel(CampaignDb db, EventStore eventStore, TimeProvider clock) : PageModel, IPageMeta
{
    public Event Event { get; private set; } = null!;

    [BindProperty, System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] public string? Message { get; set; }
    public string? Error { get; private set; }

    public string Title => Event.Status == EventStatus.Draft ? "Slet kladde" : "Aflys arrangement";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new(Title, Request.Path)];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Event.Status == EventStatus.Draft)
        {
            await eventStore.DeleteAsync(Event, ct);
            TempData[StatusMessage.Key] = "Kladden er slettet.";
            return Redirect("/forening");
        }

        if (string.IsNullOrWhiteSpace(Message) || Message.Length > 500 || PlainText.Check(Message, multiLine: true) is not null)
        {
            Error = PlainText.Check(Message, multiLine: true) ?? "Skriv en kort besked til deltagerne (højst 500 tegn), fx hvorfor og om der kommer en ny dato.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Event.Cancel(Message, clock.GetUtcNow().UtcDateTime);
        await eventStore.SaveAsync(Event, ct);
        TempData[StatusMessage.Key] = "Arrangementet er aflyst. Kalenderen viser det som aflyst med jeres besked.";
        return Redirect("/forening");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var associationId = User.AssociationId();
        var evt = await db.Events.Include(e => e.Occurrences)
            .SingleOrDefaultAsync(e => e.Id == id && e.AssociationId == associationId && (e.Status == EventStatus.Draft || e.Status == EventStatus.Published), ct);
        if (evt is null)
        {
            return false;
        }

        Event = evt;
        return true;
    }
}
