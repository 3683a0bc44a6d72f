using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Keeps this node's index in step with what is published (content pages after each snapshot, events as they change)
/// and tells the other nodes, through the cache bus, which event to read again. Call it after the change is committed:
/// the index is a copy of the database and must never hold what the database does not.
/// </summary>
public sealed class SearchIndexer(CampaignDb db, ISearchIndex index, ICacheBus bus, PublishedContentCache content) : ISnapshotListener
{
    /// <summary>Bus tag: one event changed; the payload after the prefix is its id.</summary>
    public const string EventTagPrefix = "search:event:";

    /// <summary>Bus tag: many events changed (or messages may be lost); compare the watermark and rebuild if stale.</summary>
    public const string CheckTag = "search";

    public static string EventKey(Guid id) => $"{SearchTypes.Event}:{id}";

    private static string PageKey(Guid id) => $"page:{id}";

    Task ISnapshotListener.PublishedAsync(PublishedSnapshot snapshot, CancellationToken ct)
    {
        SyncContent(snapshot);
        return Task.CompletedTask;
    }

    /// <summary>Makes the index hold exactly the published pages of the snapshot (each node does this on its own refresh).</summary>
    public void SyncContent(PublishedSnapshot snapshot) => index.ReplacePages(PagesOf(snapshot));

    public static List<SearchEntry> PagesOf(PublishedSnapshot snapshot) => snapshot.Pages.Select(EntryOf).ToList();

    /// <summary>Adds, updates or removes the event's document here, and tells the other nodes to read it again.</summary>
    public async Task IndexEventAsync(Event evt, string? seriesName, CancellationToken ct)
    {
        Apply(evt, seriesName);
        await bus.NotifyAsync(EventTagPrefix + evt.Id, ct);
    }

    /// <summary>Many events at once (demo data, imports): indexed here, and the other nodes compare their watermark.</summary>
    public async Task IndexEventsAsync(IEnumerable<(Event Event, string? SeriesName)> events, CancellationToken ct)
    {
        foreach (var (evt, series) in events)
        {
            Apply(evt, series);
        }

        await bus.NotifyAsync(CheckTag, ct);
    }

    public async Task RemoveEventAsync(Guid id, CancellationToken ct)
    {
        index.Delete(EventKey(id));
        await bus.NotifyAsync(EventTagPrefix + id, ct);
    }

    /// <summary>Another node changed the event: read it from the database and index (or drop) it here.</summary>
    public async Task ApplyRemoteAsync(Guid id, CancellationToken ct)
    {
        var evt = await db.Events.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (evt is null)
        {
            index.Delete(EventKey(id));
            return;
        }

        Apply(evt, SeriesName(evt));
    }

    public string? SeriesName(Event evt) => evt.Details.SeriesKey is { } key ? content.Current.FindById(key)?.Title : null;

    private void Apply(Event evt, string? seriesName)
    {
        if (evt.IsPublic)
        {
            index.Upsert(EntryOf(evt, seriesName));
        }
        else
        {
            index.Delete(EventKey(evt.Id));
        }
    }

    public static SearchEntry EntryOf(Event evt, string? seriesName)
    {
        var d = evt.Details;
        return new SearchEntry
        {
            Key = EventKey(evt.Id),
            Type = SearchTypes.Event,
            Title = d.Title,
            Url = $"/arrangementer/{evt.Slug}",
            Summary = d.Summary,
            Body = MarkdownRenderer.ToPlainText(d.Description),
            Organiser = d.OrganiserName,
            Venue = d.IsOnline ? "Online" : string.Join(", ", new[] { d.VenueName, d.StreetAddress }.Where(s => !string.IsNullOrWhiteSpace(s))),
            City = d.IsOnline ? null : d.City,
            MunicipalityCode = d.MunicipalityCode,
            SeriesKey = d.SeriesKey,
            SeriesName = seriesName,
            TargetGroups = [.. EventTexts.Slugs(d.TargetGroups)],
            Date = d.StartUtc,
            UpdatedAt = evt.UpdatedAt,
        };
    }

    public static SearchEntry EntryOf(PublishedPage page)
    {
        var type = page.Type == ContentTypes.NewsArticle ? SearchTypes.News
            : page.Type == ContentTypes.EventSeries ? SearchTypes.Series
            : page.Type == ContentTypes.Partnership ? SearchTypes.Partnership
            : SearchTypes.Page;
        var municipality = int.TryParse(page.Data.Get("municipalityCode"), out var code) ? code : (int?)null;
        return new SearchEntry
        {
            Key = PageKey(page.Id),
            Type = type,
            Title = page.Title,
            Url = page.Url,
            Summary = page.Intro,
            Body = BodyOf(page),
            MunicipalityCode = municipality,
            Date = page.PublishedAt,
            UpdatedAt = page.PublishedAt,
        };
    }

    private static string BodyOf(PublishedPage page)
    {
        var parts = new List<string?>();
        foreach (var block in page.Data.Blocks)
        {
            parts.Add(block.SearchText());
        }

        foreach (var alias in new[] { "period", "howToTakePart", "strategyTitle" })
        {
            parts.Add(page.Data.Get(alias));
        }

        return string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}
