using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Partnerships;

/// <summary>A request waiting in the moderation queue, with what the editor needs to see.</summary>
public sealed record JoinRequestReview(PartnershipJoinRequest Request, Association Association, PartnershipEntry? Partnership);

/// <summary>
/// An editor's decision on a request to join a partnership, as the moderation queue makes it: the request's own
/// rule, the audit log, the mail to the association and the eviction of the cached partnership page belong together.
/// </summary>
public sealed class JoinDecisions(CampaignDb db, PartnershipMails mails, PublishedContentCache content, IOutputCacheStore outputCache, ICacheBus bus, TimeProvider clock)
{
    public const string AuditItemType = "Partnerskabsanmodning";

    public async Task<IReadOnlyList<JoinRequestReview>> PendingAsync(CancellationToken ct)
    {
        var requests = await db.PartnershipJoinRequests.AsNoTracking()
            .Where(r => r.Status == JoinRequestStatus.Pending)
            .OrderBy(r => r.CreatedAt)
            .ToListAsync(ct);
        var ids = requests.Select(r => r.AssociationId).Distinct().ToList();
        var associations = await db.Associations.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var partnerships = PartnershipPages.All(content.Current).ToDictionary(e => e.Page.Id);
        return requests
            .Where(r => associations.ContainsKey(r.AssociationId))
            .Select(r => new JoinRequestReview(r, associations[r.AssociationId], partnerships.GetValueOrDefault(r.PartnershipKey)))
            .ToList();
    }

    /// <summary>Approves or rejects; returns the Danish message for the editor, or null when there is no such request.</summary>
    public async Task<string?> DecideAsync(Guid id, bool approve, string? reason, string editor, CancellationToken ct)
    {
        var request = await db.PartnershipJoinRequests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null || await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AssociationId, ct) is not { } association)
        {
            return null;
        }

        var page = content.Current.FindById(request.PartnershipKey);
        var title = page?.Title ?? "det lokale partnerskab";
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            if (approve)
            {
                request.Approve(editor, now);
            }
            else
            {
                request.Reject(editor, reason, now);
            }
        }
        catch (JoinRequestException e)
        {
            return e.Message;
        }

        db.Record(editor, approve ? "Godkendte medlemskab af partnerskab" : "Afviste medlemskab af partnerskab", AuditItemType, request.Id, now,
            approve ? $"{association.Name} i {title}" : $"{association.Name} i {title}: {request.RejectionReason}");
        await mails.DecidedAsync(request, association, title, page?.Url ?? "/lokale-partnerskaber", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return "En anden redaktør har lige behandlet anmodningen. Se listen igen.";
        }

        if (approve)
        {
            // The partnership page lists approved members and is output-cached, here and on the other nodes.
            await outputCache.EvictByTagAsync(PartnershipMembersViewComponent.OutputCacheTag, ct);
            await bus.NotifyAsync(PartnershipMembersViewComponent.OutputCacheTag, ct);
        }

        return approve
            ? $"{association.Name} er nu medlem af {title}."
            : $"{association.Name} er ikke optaget i {title}, og foreningen har fået begrundelsen.";
    }
}
