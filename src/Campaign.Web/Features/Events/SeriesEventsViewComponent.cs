using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Places;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Events;

public sealed record SeriesMunicipality(Municipality Municipality, int Events);

public sealed record SeriesRegion(Region Region, int Events, IReadOnlyList<SeriesMunicipality> Municipalities);

public sealed record SeriesOverview(PublishedPage Series, int Events, int Municipalities, IReadOnlyList<SeriesRegion> Regions);

/// <summary>On a series page: its upcoming events counted by region and municipality ("128 arrangementer i 74 kommuner").</summary>
public sealed class SeriesEventsViewComponent(CampaignDb db, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(PublishedPage series)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var counts = await db.EventOccurrences.AsNoTracking()
            .Where(o => o.IsPublic && o.SeriesKey == series.Id && o.EndUtc > now)
            .GroupBy(o => o.MunicipalityCode)
            .Select(g => new { Code = g.Key, Events = g.Select(o => o.EventId).Distinct().Count() })
            .ToListAsync(HttpContext.RequestAborted);

        var places = Places.Geography.Denmark;
        var regions = counts
            .Select(c => (Municipality: places.Municipality(c.Code), c.Events))
            .Where(c => c.Municipality is not null)
            .GroupBy(c => c.Municipality!.Region)
            .OrderBy(g => g.Key.Name, StringComparer.Create(Danish.Culture, false))
            .Select(g => new SeriesRegion(g.Key, g.Sum(c => c.Events),
                g.OrderBy(c => c.Municipality!.Name, StringComparer.Create(Danish.Culture, false))
                 .Select(c => new SeriesMunicipality(c.Municipality!, c.Events)).ToList()))
            .ToList();

        return View("~/Features/Events/Pages/_SeriesEvents.cshtml",
            new SeriesOverview(series, regions.Sum(r => r.Events), regions.Sum(r => r.Municipalities.Count), regions));
    }
}
