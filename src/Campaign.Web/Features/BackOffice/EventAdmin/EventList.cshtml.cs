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
/// /redaktion/arrangementer: every event, associations' and the editors' own, filtered by status, series, municipality,
/// dates and association (GET parameters, so a view can be shared), with bulk actions: approve, cancel, feature.
/// Editors and administrators only; each action is one unit of work with an audit entry per event.
/// </summary>
[Authorize(Policy = AuthSetup.PublisherPolicy)]
public sealed class EventListModel(CampaignDb db, EventStore store, PublishedContentCache content, TimeProvider clock) : PageModel, IPageMeta
{
    public const int MaxRows = 200;

    public sealed record Row(Event Event, DateTime? First, string? Association);

    public static readonly IReadOnlyDictionary<string, EventStatus> Statuses = new Dictionary<string, EventStatus>
    {
        ["kladde"] = EventStatus.Draft,
        ["afventer"] = EventStatus.Pending,
        ["offentlig"] = EventStatus.Published,
        ["aflyst"] = EventStatus.Cancelled,
        ["afvist"] = EventStatus.Rejected,
    };

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "serie")] public Guid? Series { get; set; }
    [BindProperty(SupportsGet = true, Name = "kommune")] public int? Municipality { get; set; }
    [BindProperty(SupportsGet = true, Name = "fra")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "til")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "forening")] public Guid? Association { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Associations { get; private set; } = [];
    public IReadOnlyList<PublishedPage> SeriesPages => content.Current.Pages.Where(p => p.Type == ContentTypes.EventSeries).ToList();
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public string Title => "Arrangementer";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Arrangementer", "/redaktion/arrangementer")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>The bulk actions on the ticked events; each event that cannot take the action is named with why, and the rest go through.</summary>
    public async Task<IActionResult> OnPostAsync(string? handling, Guid[]? ids, string? besked, string? tilbage, CancellationToken ct)
    {
        var back = tilbage is { } t && t.StartsWith("/redaktion/arrangementer", StringComparison.Ordinal) && !t.StartsWith("//", StringComparison.Ordinal) ? t : "/redaktion/arrangementer";
        if (ids is not { Length: > 0 })
        {
            Message = "Sæt flueben ved de arrangementer, handlingen gælder.";
            return Redirect(back);
        }

        if (handling is not ("godkend" or "aflys" or "fremhaev" or "fjern-fremhaevning"))
        {
            return BadRequest();
        }

        if (handling == "aflys" && string.IsNullOrWhiteSpace(besked))
        {
            Message = "Skriv en kort besked til deltagerne om aflysningen; den vises på arrangementet.";
            return Redirect(back);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var who = User.Identity!.Name!;
        var events = await db.Events.Include(e => e.Occurrences).Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var refused = new List<string>();
        foreach (var evt in events)
        {
            try
            {
                var action = handling switch
                {
                    "godkend" => Do(() => evt.Publish(now), "Godkendte arrangement"),
                    "aflys" => Do(() => evt.Cancel(besked!, now), "Aflyste arrangement"),
                    "fremhaev" => Do(() => evt.Feature(true, now), "Fremhævede arrangement"),
                    _ => Do(() => evt.Feature(false, now), "Fjernede fremhævning af arrangement"),
                };
                db.Record(who, action, "Arrangement", evt.Id, now, evt.Details.Title);
            }
            catch (Exception e) when (e is EventRuleException or EventValidationException)
            {
                refused.Add($"{evt.Details.Title}: {e.Message}");
            }
        }

        if (events.Count == 0)
        {
            Message = "Ingen af de valgte arrangementer findes længere.";
            return Redirect(back);
        }

        await store.SaveAllAsync(events, ct);
        var done = events.Count - refused.Count;
        Message = $"{done} {(done == 1 ? "arrangement" : "arrangementer")} {Verb(handling)}." + (refused.Count > 0 ? " Ikke ændret: " + string.Join(" ", refused) : "");
        return Redirect(back);

        static string Do(Action act, string audit)
        {
            act();
            return audit;
        }
    }

    private static string Verb(string handling) => handling switch
    {
        "godkend" => "er godkendt og vises i kalenderen",
        "aflys" => "er aflyst",
        "fremhaev" => "er fremhævet",
        _ => "er ikke længere fremhævet",
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        var errors = new List<string>();
        IQueryable<Event> query = db.Events.AsNoTracking();
        if (!string.IsNullOrEmpty(Status))
        {
            if (Statuses.TryGetValue(Status, out var status))
            {
                query = query.Where(e => e.Status == status);
            }
            else
            {
                errors.Add($"Status \"{Status}\" findes ikke. Vælg en fra listen.");
            }
        }

        if (Series is { } series)
        {
            query = query.Where(e => e.Details.SeriesKey == series);
        }

        if (Municipality is { } code)
        {
            if (Places.Geography.Denmark.Municipalities.All(m => m.Code != code))
            {
                errors.Add($"Kommunekoden {code} findes ikke.");
            }

            query = query.Where(e => e.Details.MunicipalityCode == code);
        }

        if (Association is { } association)
        {
            query = query.Where(e => e.AssociationId == association);
        }

        var from = DanishDate.Parse(From, clock, out var fromError);
        var to = DanishDate.Parse(To, clock, out var toError);
        errors.AddRange(new[] { fromError, toError }.OfType<string>());
        if (from is { } f && CopenhagenTime.ToUtc(f, TimeOnly.MinValue) is { } fromUtc)
        {
            query = query.Where(e => e.Occurrences.Any(o => o.EndUtc >= fromUtc));
        }

        if (to is { } t && CopenhagenTime.ToUtc(t.AddDays(1), TimeOnly.MinValue) is { } toUtc)
        {
            query = query.Where(e => e.Occurrences.Any(o => o.StartUtc < toUtc));
        }

        Errors = errors;
        Total = await query.CountAsync(ct);
        var rows = await query
            .Select(e => new { Event = e, First = e.Occurrences.Min(o => (DateTime?)o.StartUtc) })
            .OrderByDescending(r => r.Event.IsFeatured).ThenBy(r => r.First == null).ThenBy(r => r.First).ThenBy(r => r.Event.Id)
            .Take(MaxRows).ToListAsync(ct);
        var names = await db.Associations.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        Associations = names.Select(a => (a.Id, a.Name)).ToList();
        var byId = names.ToDictionary(a => a.Id, a => a.Name);
        Rows = rows.Select(r => new Row(r.Event, r.First, r.Event.AssociationId is { } id ? byId.GetValueOrDefault(id) : null)).ToList();
    }
}
