using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Events.Pages;

/// <summary>/arrangementer/{slug}: one event with everything a visitor needs to go, and its schema.org description.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicEvents)]
public sealed class EventModel(CampaignDb db, PublishedContentCache content, IOptions<SiteOptions> site, TimeProvider clock) : PageModel, IPageMeta
{
    public Event Event { get; private set; } = null!;
    public PublishedPage? Series { get; private set; }

    /// <summary>The local partnership against loneliness in the event's municipality, if it has one.</summary>
    public PublishedPage? Partnership { get; private set; }
    public IReadOnlyList<EventOccurrence> UpcomingDates { get; private set; } = [];
    public string AbsoluteUrl { get; private set; } = "";

    public string Title => Event.Details.Title;
    public string? Description => Event.Details.Summary ?? Truncate(MarkdownRenderer.ToPlainText(Event.Details.Description), 160);
    public string? CanonicalPath => $"/arrangementer/{Event.Slug}";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Arrangementer", "/arrangementer"), new(Title, CanonicalPath!)];
    public string OgType => "event";
    public string? ImageUrl => Event.Details.ImageUrl;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (slug.Length > 120 || await db.FindPublicAsync(slug, ct) is not { } evt)
        {
            return NotFound();
        }

        Event = evt;
        Series = evt.Details.SeriesKey is { } key ? content.Current.FindById(key) : null;
        Partnership = Partnerships.PartnershipPages.ForMunicipality(content.Current, evt.Details.MunicipalityCode)?.Page;
        var now = clock.GetUtcNow().UtcDateTime;
        UpcomingDates = evt.Occurrences.Where(o => o.EndUtc > now).OrderBy(o => o.StartUtc).Take(12).ToList();
        AbsoluteUrl = site.Value.BaseFor(Request) + CanonicalPath;
        return Page();
    }

    public string JsonLd() => EventJsonLd.For(Event, Series, site.Value.BaseFor(Request), UpcomingDates.FirstOrDefault());

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..text.LastIndexOf(' ', max - 1)] + "…";
}
