using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Search;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Features.Events.Pages;

/// <summary>/arrangementer: every public event, filtered by GET parameters so a search can be shared as a link.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicEvents)]
public sealed class IndexModel(CampaignDb db, SiteSearch search, PublishedContentCache content, TimeProvider clock) : PageModel, IPageMeta
{
    public EventFilter Filter { get; private set; } = new();
    public ResolvedFilter Resolved { get; private set; } = null!;
    public EventPage Results { get; private set; } = new(0, 1, 20, []);
    public IReadOnlyList<PublishedPage> Series { get; private set; } = [];

    /// <summary>The events the editors featured (the main march, the week-45 meals), above an unfiltered list.</summary>
    public IReadOnlyList<(string Slug, string Title, DateTime StartUtc)> Featured { get; private set; } = [];

    public string Title => Resolved.Municipality is { } m ? $"Arrangementer i {m.Name}"
        : Resolved.Series is { } s ? $"Arrangementer: {s.Title}"
        : Resolved.Past ? "Tidligere arrangementer" : "Find et arrangement";

    public string? Description => "Fællesspisninger, gåture, caféer og meget mere mod ensomhed – find noget at gå til nær dig.";
    public string? CanonicalPath => "/arrangementer";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Arrangementer", "/arrangementer")];

    public async Task<IActionResult> OnGetAsync(EventFilter filter, CancellationToken ct)
    {
        Filter = filter;
        Series = content.Current.Pages.Where(p => p.Type == ContentTypes.EventSeries).ToList();
        Resolved = filter.Resolve(content.Current, clock);
        if (!Resolved.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Results = await db.ListAsync(Resolved, search, ct);
        if (Request.QueryString.HasValue is false)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var featured = await db.Events.AsNoTracking().Where(e => e.IsFeatured && e.Status == EventStatus.Published)
                .Select(e => new { e.Slug, e.Details.Title, Next = e.Occurrences.Where(o => o.EndUtc > now).Min(o => (DateTime?)o.StartUtc) })
                .Where(e => e.Next != null).OrderBy(e => e.Next).Take(3).ToListAsync(ct);
            Featured = featured.Select(e => (e.Slug, e.Title, e.Next!.Value)).ToList();
        }

        return Page();
    }

    public string SeriesName(Guid? key) => key is { } k ? content.Current.FindById(k)?.Title ?? "" : "";
}
