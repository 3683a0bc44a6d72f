using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Search;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Features.Embed;

/// <summary>
/// /embed/arrangementer: a compact list for municipalities' and associations' own websites, in an iframe.
/// The only route the security headers allow to be framed.
/// </summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicEvents)]
public sealed class ArrangementerModel(CampaignDb db, SiteSearch search, PublishedContentCache content, TimeProvider clock) : PageModel, IPageMeta
{
    public ResolvedFilter Resolved { get; private set; } = null!;
    public EventFilter Filter { get; private set; } = new();
    public EventPage Results { get; private set; } = new(0, 1, 10, []);

    public string Title => Resolved.Municipality is { } m ? $"Arrangementer i {m.Name}" : "Arrangementer mod ensomhed";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync(EventFilter filter, CancellationToken ct)
    {
        Filter = filter;
        Resolved = filter.Resolve(content.Current, clock, defaultSize: 10, maxSize: 50);
        if (!Resolved.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Results = await db.ListAsync(Resolved, search, ct);
        return Page();
    }

    public string SeriesName(Guid? key) => key is { } k ? content.Current.FindById(k)?.Title ?? "" : "";
}
