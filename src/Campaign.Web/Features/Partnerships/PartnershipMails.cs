using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Partnerships;

/// <summary>
/// What an association hears when an editor decides its request to join a local partnership. Queued in the
/// outbox with the decision, so the two are saved together.
/// </summary>
public sealed class PartnershipMails(CampaignDb db, Outbox outbox, IOptions<SiteOptions> site, IHttpContextAccessor http)
{
    private string BaseUrl => site.Value.BaseFor(http.HttpContext?.Request);

    public async Task DecidedAsync(PartnershipJoinRequest request, Association association, string partnershipTitle, string partnershipUrl, CancellationToken ct)
    {
        var approved = request.Status == JoinRequestStatus.Approved;
        var subject = approved ? "I er nu med i det lokale partnerskab" : "Jeres anmodning om medlemskab er ikke godkendt";
        string[] paragraphs = approved
            ? [$"{association.Name} er nu medlem af {partnershipTitle}.", "I står på listen over medlemmer på partnerskabets side, hvor alle kan se jer. Vis gerne jeres arrangementer i kalenderen, så de også kommer med på siden."]
            : [$"Vi kan desværre ikke optage {association.Name} i {partnershipTitle} lige nu.", $"Begrundelse: {request.RejectionReason}"];
        var button = approved ? ("Se partnerskabet", BaseUrl + partnershipUrl) : ("Gå til jeres side", BaseUrl + "/forening");

        var members = await db.Users.AsNoTracking().Where(u => u.AssociationId == association.Id && u.EmailConfirmed)
            .Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct);
        foreach (var member in members)
        {
            outbox.Enqueue(new OutgoingMail($"partnerskab:{request.Id}:{request.Status}:{member.Id}", member.Email!, member.DisplayName, subject,
                MailTemplate.Render($"Hej {member.DisplayName}", paragraphs, button, "Du får denne mail, fordi du er medlem af en forening på Tal om ensomhed.")));
        }
    }
}
