using Campaign.Web.Data;
using Campaign.Web.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Events;

/// <summary>One line of the listing: an event on one of its dates.</summary>
public sealed record EventListItem(
    Guid Id,
    string Slug,
    string Title,
    string? Summary,
    DateTime StartUtc,
    DateTime EndUtc,
    bool AllDay,
    EventStatus Status,
    bool IsOnline,
    string? VenueName,
    string? City,
    int MunicipalityCode,
    Guid? SeriesKey,
    decimal? PriceDkk,
    Repeat Repeat,
    TargetGroups TargetGroups,
    string OrganiserName,
    DateTime UpdatedUtc)
{
    public bool IsCancelled => Status == EventStatus.Cancelled;
}

public sealed record EventPage(int Total, int Page, int Size, IReadOnlyList<EventListItem> Items)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
}

public static class EventQueries
{
    /// <summary>The public dates that match the filters, soonest first (latest first for past events), a page at a time.</summary>
    public static async Task<EventPage> ListAsync(this CampaignDb db, ResolvedFilter filter, SiteSearch search, CancellationToken ct)
    {
        var occurrences = await db.MatchingAsync(filter, search, ct);
        var total = await occurrences.CountAsync(ct);
        var ordered = filter.Past
            ? occurrences.OrderByDescending(o => o.StartUtc).ThenBy(o => o.EventId)
            : occurrences.OrderBy(o => o.StartUtc).ThenBy(o => o.EventId);
        var items = await ordered
            .Skip((filter.Page - 1) * filter.Size)
            .Take(filter.Size)
            .Join(db.Events, o => o.EventId, e => e.Id, (o, e) => new EventListItem(
                e.Id, e.Slug, e.Details.Title, e.Details.Summary, o.StartUtc, o.EndUtc, e.Details.AllDay, e.Status,
                e.Details.IsOnline, e.Details.VenueName, e.Details.City, e.Details.MunicipalityCode, e.Details.SeriesKey,
                e.Details.PriceDkk, e.Details.Repeat, e.Details.TargetGroups, e.Details.OrganiserName, e.UpdatedAt))
            .ToListAsync(ct);

        // The join after paging does not promise the page's order, so sort the page itself.
        items = filter.Past
            ? [.. items.OrderByDescending(i => i.StartUtc).ThenBy(i => i.Id)]
            : [.. items.OrderBy(i => i.StartUtc).ThenBy(i => i.Id)];
        return new EventPage(total, filter.Page, filter.Size, items);
    }

    /// <summary>
    /// The events (not dates) that match, in order of their first matching date, at most <paramref name="max"/>:
    /// a calendar feed holds each event once, with its repeats as a rule.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> ListEventIdsAsync(this CampaignDb db, ResolvedFilter filter, SiteSearch search, int max, CancellationToken ct)
    {
        var occurrences = await db.MatchingAsync(filter, search, ct);
        return await occurrences.GroupBy(o => o.EventId)
            .Select(g => new { Id = g.Key, First = g.Min(o => o.StartUtc) })
            .OrderBy(e => e.First).ThenBy(e => e.Id)
            .Take(max)
            .Select(e => e.Id)
            .ToListAsync(ct);
    }

    /// <summary>The public dates that match every filter.</summary>
    private static async Task<IQueryable<EventOccurrence>> MatchingAsync(this CampaignDb db, ResolvedFilter filter, SiteSearch search, CancellationToken ct)
    {
        var occurrences = db.EventOccurrences.AsNoTracking().Where(o => o.IsPublic);
        if (filter.Municipality is { } municipality)
        {
            occurrences = occurrences.Where(o => o.MunicipalityCode == municipality.Code);
        }

        if (filter.Region is { } region)
        {
            occurrences = occurrences.Where(o => o.RegionCode == region.Code);
        }

        if (filter.Series is { } series)
        {
            occurrences = occurrences.Where(o => o.SeriesKey == series.Id);
        }

        if (filter.TargetGroup != TargetGroups.None)
        {
            // "Alle" events welcome every group, so they match any chosen group.
            var mask = (int)(filter.TargetGroup | TargetGroups.Everyone);
            occurrences = occurrences.Where(o => ((int)o.TargetGroups & mask) != 0);
        }

        if (filter.FromUtc is { } from)
        {
            // An event that has begun but not ended still counts; none lasts longer than 14 days.
            var earliestStart = from.AddDays(-14);
            occurrences = occurrences.Where(o => o.StartUtc >= earliestStart && o.EndUtc > from);
        }

        if (filter.ToUtc is { } to)
        {
            occurrences = occurrences.Where(o => o.StartUtc < to);
        }

        if (filter.Query is { } text)
        {
            var ids = await search.MatchingEventIdsAsync(text, ct);
            occurrences = occurrences.Where(o => ids.Contains(o.EventId));
        }

        return occurrences;
    }

    public static Task<Event?> FindPublicAsync(this CampaignDb db, string slug, CancellationToken ct) =>
        db.Events.AsNoTracking().Include(e => e.Occurrences)
            .Where(e => e.Slug == slug && (e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled))
            .SingleOrDefaultAsync(ct);
}
