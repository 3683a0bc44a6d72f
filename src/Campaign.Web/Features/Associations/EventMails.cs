using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Associations;

/// <summary>
/// What an association hears about its events and its profile: received, approved, rejected with the reason,
/// changes requested. Queued in the outbox with the decision, so a decision and its mail are saved together.
/// </summary>
public sealed class EventMails(CampaignDb db, Outbox outbox, IOptions<SiteOptions> site, IHttpContextAccessor http)
{
    private string BaseUrl => site.Value.BaseFor(http.HttpContext?.Request);

    public Task ReceivedAsync(Event evt, CancellationToken ct) => ToMembersAsync(evt.AssociationId, $"modtaget:{evt.Id}:{evt.Revision}",
        "Vi har modtaget jeres arrangement",
        [$"Tak for \"{evt.Details.Title}\". En redaktør ser det igennem, typisk inden for et par hverdage.", "I får en mail, når det er godkendt."],
        ("Se jeres arrangementer", $"{BaseUrl}/forening"), ct);

    public Task ApprovedAsync(Event evt, CancellationToken ct) => ToMembersAsync(evt.AssociationId, $"godkendt:{evt.Id}:{evt.Revision}",
        "Jeres arrangement er godkendt",
        [$"\"{evt.Details.Title}\" er nu i kalenderen, hvor alle kan finde det.", "Del gerne linket med jeres medlemmer og naboer."],
        ("Se arrangementet", $"{BaseUrl}/arrangementer/{evt.Slug}"), ct);

    public Task RejectedAsync(Event evt, string reason, CancellationToken ct) => ToMembersAsync(evt.AssociationId, $"afvist:{evt.Id}:{evt.Revision}",
        "Jeres arrangement er ikke godkendt",
        [$"Vi kan desværre ikke vise \"{evt.Details.Title}\" i kalenderen.", $"Begrundelse: {reason}", "I kan rette arrangementet og sende det igen."],
        ("Gå til jeres arrangementer", $"{BaseUrl}/forening"), ct);

    public Task ChangesRequestedAsync(Event evt, string note, CancellationToken ct) => ToMembersAsync(evt.AssociationId, $"ret:{evt.Id}:{evt.Revision}",
        "Ret venligst jeres arrangement",
        [$"Vi vil gerne vise \"{evt.Details.Title}\", men der er noget, I skal rette først:", note, "Når I har rettet det, sender I det bare igen."],
        ("Ret arrangementet", $"{BaseUrl}/forening/arrangement/{evt.Id}"), ct);

    public Task AssociationDecidedAsync(Association association, CancellationToken ct) => ToMembersAsync(association.Id, $"forening:{association.Id}:{association.Status}",
        association.Status == AssociationStatus.Approved ? "Jeres forening er godkendt" : "Jeres forening er ikke godkendt",
        association.Status == AssociationStatus.Approved
            ? [$"{association.Name} er godkendt på Tal om ensomhed.", association.IsTrusted ? "Jeres arrangementer bliver vist med det samme, når I offentliggør dem." : "En redaktør ser stadig jeres arrangementer igennem, før de bliver vist."]
            : [$"Vi kan desværre ikke godkende {association.Name}.", $"Begrundelse: {association.RejectionReason}"],
        ("Gå til jeres side", $"{BaseUrl}/forening"), ct);

    private async Task ToMembersAsync(Guid? associationId, string key, string subject, string[] paragraphs, (string, string) button, CancellationToken ct)
    {
        if (associationId is not { } id)
        {
            return;
        }

        var members = await db.Users.AsNoTracking().Where(u => u.AssociationId == id && u.EmailConfirmed)
            .Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct);
        foreach (var member in members)
        {
            outbox.Enqueue(new OutgoingMail($"{key}:{member.Id}", member.Email!, member.DisplayName, subject,
                MailTemplate.Render($"Hej {member.DisplayName}", paragraphs, button, "Du får denne mail, fordi du er medlem af en forening på Tal om ensomhed.")));
        }
    }
}
