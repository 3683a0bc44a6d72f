using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Newsletter;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media;

/// <param name="Public">True when the public sees it now or is about to: a published page, a public event, or a newsletter that is scheduled or being sent. Such a file cannot be deleted.</param>
/// <param name="EditUrl">Where an editor opens it in the back office, or null when there is no such page.</param>
/// <param name="PublicUrl">Where the public sees it, or null.</param>
public sealed record MediaUse(string Kind, string Name, bool Public, string State, string? EditUrl, string? PublicUrl);

/// <summary>
/// "Bruges på": the pages, events and newsletter issues that refer to a library file. Pages and issues are found by
/// the file's id in the JSON of their blocks (every URL of a file contains its id); events by their image.
/// </summary>
public static class MediaUsage
{
    public static async Task<IReadOnlyList<MediaUse>> FindUsesAsync(this CampaignDb db, Guid id, PublishedSnapshot published, CancellationToken ct)
    {
        var needle = id.ToString("D");
        var versions = await (
            from node in db.ContentNodes.AsNoTracking()
            join version in db.ContentVersions.AsNoTracking() on node.Id equals version.NodeId
            where (version.Id == node.PublishedVersionId || version.Id == node.DraftVersionId)
                  && version.Data.ToLower().Contains(needle)
            select new { node.Id, node.Name, node.IsTrashed, IsPublished = version.Id == node.PublishedVersionId })
            .ToListAsync(ct);

        var uses = versions
            .GroupBy(v => v.Id)
            .Select(g =>
            {
                var first = g.First();
                var live = g.Any(v => v.IsPublished) && !first.IsTrashed;
                var state = first.IsTrashed ? "I papirkurven"
                    : live && g.Any(v => !v.IsPublished) ? "Udgivet og i kladde"
                    : live ? "Udgivet"
                    : "Kun i kladde";
                return new MediaUse("Side", first.Name, live, state, $"/redaktion/indhold/{first.Id}", live ? published.FindById(first.Id)?.Url : null);
            })
            .ToList();

        var events = await db.Events.AsNoTracking()
            .Where(e => e.Details.ImageId == id || (e.PendingDetails != null && e.PendingDetails.ToLower().Contains(needle)))
            .Select(e => new { e.Slug, e.Details.Title, e.Status, e.Details.ImageId })
            .ToListAsync(ct);
        uses.AddRange(events.Select(e =>
        {
            var live = e.ImageId == id && (e.Status is EventStatus.Published or EventStatus.Cancelled);
            return new MediaUse("Arrangement", e.Title, live, live ? "Offentligt" : "Ikke offentligt", null, live ? $"/arrangementer/{e.Slug}" : null);
        }));

        var issues = await db.NewsletterIssues.AsNoTracking()
            .Where(i => i.BlocksJson.ToLower().Contains(needle))
            .Select(i => new { i.Id, i.Subject, i.Status })
            .ToListAsync(ct);
        uses.AddRange(issues.Select(i =>
        {
            // A scheduled issue goes out on its own, so its images must stay; a sent one is already in inboxes, where a
            // deleted image breaks, but a file may have to go (a person in a photo withdraws consent), so it only warns.
            var goingOut = i.Status is IssueStatus.Scheduled or IssueStatus.Sending;
            return new MediaUse("Nyhedsbrev", i.Subject, goingOut, IssueStatusNames.Name(i.Status), $"/redaktion/nyhedsbrev/{i.Id}", null);
        }));

        return uses.OrderByDescending(u => u.Public).ThenBy(u => u.Name, StringComparer.Create(Danish.Culture, ignoreCase: true)).ToList();
    }
}
