using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Search;

/// <summary>Keeps SearchDocuments in step with what is published: content pages after each publish, events as they change.</summary>
public sealed class SearchIndexer(CampaignDb db, TimeProvider clock) : ISnapshotListener
{
    public static string EventKey(Guid id) => $"{SearchTypes.Event}:{id}";

    private static string PageKey(Guid id) => $"page:{id}";

    Task ISnapshotListener.PublishedAsync(PublishedSnapshot snapshot, CancellationToken ct) => SyncContentAsync(snapshot, ct);

    /// <summary>Makes the index hold exactly the published pages of the snapshot.</summary>
    public async Task SyncContentAsync(PublishedSnapshot snapshot, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.SearchDocuments.Where(d => d.Key.StartsWith("page:")).ToDictionaryAsync(d => d.Key, ct);
        foreach (var page in snapshot.Pages)
        {
            var key = PageKey(page.Id);
            if (!existing.Remove(key, out var doc))
            {
                doc = SearchDocument.For(key);
                db.SearchDocuments.Add(doc);
            }

            var type = page.Type == ContentTypes.NewsArticle ? SearchTypes.News
                : page.Type == ContentTypes.EventSeries ? SearchTypes.Series
                : SearchTypes.Page;
            var text = TextOf(page);
            if (doc.Title != page.Title || doc.Text != text || doc.Url != page.Url || doc.Type != type)
            {
                doc.Set(type, page.Title, page.Url, text, now);
            }
        }

        db.SearchDocuments.RemoveRange(existing.Values);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds, updates or removes the event's document; call before SaveChanges with the event's own change.</summary>
    public async Task IndexEventAsync(Event evt, string? seriesName, CancellationToken ct)
    {
        var key = EventKey(evt.Id);
        var doc = await db.SearchDocuments.SingleOrDefaultAsync(d => d.Key == key, ct);
        if (!evt.IsPublic)
        {
            if (doc is not null)
            {
                db.SearchDocuments.Remove(doc);
            }

            return;
        }

        if (doc is null)
        {
            doc = SearchDocument.For(key);
            db.SearchDocuments.Add(doc);
        }

        doc.Set(SearchTypes.Event, evt.Details.Title, $"/arrangementer/{evt.Slug}", TextOf(evt, seriesName), clock.GetUtcNow().UtcDateTime);
    }

    public async Task RemoveEventAsync(Guid id, CancellationToken ct)
    {
        var key = EventKey(id);
        if (await db.SearchDocuments.SingleOrDefaultAsync(d => d.Key == key, ct) is { } doc)
        {
            db.SearchDocuments.Remove(doc);
        }
    }

    public static string TextOf(Event evt, string? seriesName)
    {
        var d = evt.Details;
        var municipality = Places.Geography.Denmark.Municipality(d.MunicipalityCode)?.Name;
        var place = d.IsOnline ? "Online" : string.Join(", ", new[] { d.VenueName, d.StreetAddress, d.City }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return string.Join(" · ", new[]
        {
            d.Summary, MarkdownRenderer.ToPlainText(d.Description), place, municipality, d.OrganiserName, seriesName,
            string.Join(", ", EventTexts.Labels(d.TargetGroups)),
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
    }

    public static string TextOf(PublishedPage page)
    {
        var parts = new List<string?> { page.Intro };
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
