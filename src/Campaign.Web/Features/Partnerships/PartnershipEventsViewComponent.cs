using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Places;
using Campaign.Web.Features.Search;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Web.Features.Partnerships;

public sealed record PartnershipEvents(Municipality Municipality, EventPage Events, IReadOnlyDictionary<Guid, string> SeriesNames);

/// <summary>On a partnership page: the municipality's next dates from the calendar, the same query as /arrangementer?kommune=….</summary>
public sealed class PartnershipEventsViewComponent(CampaignDb db, SiteSearch search, PublishedContentCache content, TimeProvider clock) : ViewComponent
{
    public const int Shown = 5;

    public async Task<IViewComponentResult> InvokeAsync(Municipality municipality)
    {
        var filter = new ResolvedFilter(municipality, null, null, TargetGroups.None, clock.GetUtcNow().UtcDateTime, null,
            Past: false, Query: null, Page: 1, Size: Shown, new Dictionary<string, string>());
        var events = await db.ListAsync(filter, search, HttpContext.RequestAborted);
        var series = events.Items.Select(e => e.SeriesKey).OfType<Guid>().Distinct()
            .Select(key => (key, content.Current.FindById(key)?.Title))
            .Where(s => s.Title is not null)
            .ToDictionary(s => s.key, s => s.Title!);
        return View("~/Features/Partnerships/Pages/_PartnershipEvents.cshtml", new PartnershipEvents(municipality, events, series));
    }
}
