using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.EventAdmin;

/// <summary>
/// /redaktion/arrangementer/ny and /redaktion/arrangementer/{id} (anything else there is 404): editors create and edit events with the association
/// form's fields; what they save is live at once (no moderation), and every save, cancellation and featuring is in
/// the audit log. Photos are added by associations; an event's photo is kept when an editor saves it.
/// </summary>
[Authorize(Policy = AuthSetup.PublisherPolicy)]
public sealed class EventEditModel(CampaignDb db, EventStore store, PublishedContentCache content, TimeProvider clock) : PageModel, IPageMeta
{
    [BindProperty] public EventInput Form { get; set; } = new();

    public Event? Existing { get; private set; }
    public IReadOnlyList<PublishedPage> Series => content.Current.Pages.Where(p => p.Type == ContentTypes.EventSeries).ToList();
    public string? Error { get; private set; }
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => Existing is null ? "Opret arrangement" : $"Rediger: {Existing.Details.Title}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Arrangementer", "/redaktion/arrangementer"), new(Existing?.Details.Title ?? "Nyt arrangement", Request.Path)];

    private const string New = "ny";

    private string Editor => User.Identity!.Name!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        Form = Existing is null ? EventInput.New("Social- og Boligstyrelsen") : EventInput.From(Existing.Details, Existing.Revision);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        var errors = new Dictionary<string, string>();
        var details = Form.ToDetails(new EventInputContext(CopenhagenTime.Today(clock), 0, Existing?.Details, content.Current), errors);
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"Form.{field}", message);
        }

        if (details is null || !ModelState.IsValid)
        {
            return Invalid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            if (Existing is null)
            {
                Existing = Event.CreateByStaff(Guid.CreateVersion7(now), await store.UniqueSlugAsync(details.Title, ct), details, now);
                db.Events.Add(Existing);
                db.Record(Editor, "Oprettede og offentliggjorde arrangement", "Arrangement", Existing.Id, now, details.Title);
            }
            else
            {
                Existing.SaveByStaff(details, Form.Revision, now);
                db.Record(Editor, "Rettede arrangement", "Arrangement", Existing.Id, now, details.Title);
            }
        }
        catch (EventValidationException e)
        {
            foreach (var (field, message) in e.Errors)
            {
                ModelState.AddModelError($"Form.{EventInput.FieldFor(field)}", message);
            }

            return Invalid();
        }
        catch (EventRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return Invalid();
        }

        await store.SaveAsync(Existing, ct);
        Message = Existing.Status == EventStatus.Published ? "Arrangementet er gemt og vises i kalenderen." : $"Arrangementet er gemt. Status: {EventTexts.Status(Existing.Status)}.";
        return Redirect($"/redaktion/arrangementer/{Existing.Id}");
    }

    public async Task<IActionResult> OnPostCancelAsync(string id, string? besked, CancellationToken ct) =>
        await ActAsync(id, e => e.Cancel(besked ?? "", clock.GetUtcNow().UtcDateTime), "Aflyste arrangement", "Arrangementet er aflyst. Kalenderen viser det som aflyst med din besked.", ct);

    public async Task<IActionResult> OnPostFeatureAsync(string id, bool fremhaev, CancellationToken ct) =>
        await ActAsync(id, e => e.Feature(fremhaev, clock.GetUtcNow().UtcDateTime), fremhaev ? "Fremhævede arrangement" : "Fjernede fremhævning af arrangement",
            fremhaev ? "Arrangementet er fremhævet øverst i kalenderen." : "Arrangementet er ikke længere fremhævet.", ct);

    private async Task<IActionResult> ActAsync(string id, Action<Event> act, string audit, string done, CancellationToken ct)
    {
        if (id == New || !await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        try
        {
            act(Existing!);
        }
        catch (EventRuleException e)
        {
            Form = EventInput.From(Existing!.Details, Existing.Revision);
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        db.Record(Editor, audit, "Arrangement", Existing!.Id, clock.GetUtcNow().UtcDateTime, Existing.Details.Title);
        await store.SaveAsync(Existing, ct);
        Message = done;
        return Redirect($"/redaktion/arrangementer/{Existing.Id}");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>"ny" is a new event; a known event's id loads it; anything else is not found.</summary>
    private async Task<bool> LoadAsync(string id, bool tracked, CancellationToken ct)
    {
        if (id == New)
        {
            return true;
        }

        if (!Guid.TryParse(id, out var key))
        {
            return false;
        }

        var events = tracked ? db.Events : db.Events.AsNoTracking();
        Existing = await events.Include(e => e.Occurrences).SingleOrDefaultAsync(e => e.Id == key, ct);
        return Existing is not null;
    }
}
