using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter.Bounces;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// How an issue is doing, read from the outbox rows it queued: sent, given up, still waiting; and how many of those who
/// got it have unsubscribed since; and the bounces that came back about it from the bounce mailbox, with the addresses
/// they made undeliverable. Rows of subscribers erased or deleted by the cleanup are gone, and so is their count.
/// </summary>
public sealed record IssueReport(int Recipients, int Queued, int Sent, int Failed, int Waiting, int UnsubscribedSince)
{
    public int HardBounces { get; init; }
    public int SoftBounces { get; init; }

    /// <summary>Addresses a bounce of this issue made undeliverable, alphabetically.</summary>
    public IReadOnlyList<string> MadeUndeliverable { get; init; } = [];

    /// <summary>Sent or given up: what the progress bar shows.</summary>
    public int Done => Sent + Failed;

    public int Total => Math.Max(Recipients, Done + Waiting);

    public static async Task<IssueReport> ForAsync(CampaignDb db, NewsletterIssue issue, CancellationToken ct)
    {
        if (issue.StartedAt is not { } started)
        {
            return new IssueReport(0, 0, 0, 0, 0, 0);
        }

        var prefix = IssueDispatcher.KeyPrefix(issue.Id);
        var counts = await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix))
            .GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var unsubscribed = await db.Subscribers.CountAsync(s => s.Status == SubscriberStatus.Unsubscribed && s.UnsubscribedAt >= started
            && db.OutboxMessages.Any(m => m.ToAddress == s.Email && m.Status == OutboxStatus.Sent && m.IdempotencyKey.StartsWith(prefix)), ct);
        var bounces = await db.Bounces.Where(b => b.IssueId == issue.Id)
            .GroupBy(b => b.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var undeliverable = await db.Bounces.Where(b => b.IssueId == issue.Id && b.MadeUndeliverable).Select(b => b.Address).Distinct().OrderBy(a => a).ToListAsync(ct);
        return new IssueReport(issue.Recipients, issue.Queued, counts.GetValueOrDefault(OutboxStatus.Sent), counts.GetValueOrDefault(OutboxStatus.Failed),
            counts.GetValueOrDefault(OutboxStatus.Pending), unsubscribed)
        {
            HardBounces = bounces.GetValueOrDefault(BounceKind.Hard),
            SoftBounces = bounces.GetValueOrDefault(BounceKind.Soft),
            MadeUndeliverable = undeliverable,
        };
    }
}
