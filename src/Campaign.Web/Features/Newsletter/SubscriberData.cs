using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Everything the site holds about a subscriber, found and removed in one place: the subscriber row, its consent
/// records and the mails to its address in the outbox. Used by the staff's export and erasure, by unsubscribing
/// a pending signup and by the cleanup.
/// </summary>
public static class SubscriberData
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// Deletes the subscribers, their consent records and their mails in the outbox. With <paramref name="everyMail"/>
    /// (an erasure) every mail to the address goes, whatever sent it; otherwise only newsletter mail does.
    /// Runs inside the caller's transaction when there is one; the statements run at once, not at SaveChanges.
    /// </summary>
    public static async Task<int> DeleteAsync(CampaignDb db, IReadOnlyCollection<Guid> ids, bool everyMail, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var emails = await db.Subscribers.Where(s => ids.Contains(s.Id)).Select(s => s.Email).ToListAsync(ct);
        if (everyMail)
        {
            // Other features store an address as it was typed; subscribers' addresses are lower-case.
            await db.OutboxMessages.Where(m => emails.Contains(m.ToAddress.ToLower())).ExecuteDeleteAsync(ct);
        }
        else
        {
            await db.OutboxMessages.Where(m => emails.Contains(m.ToAddress) && m.IdempotencyKey.StartsWith(NewsletterMails.KeyPrefix)).ExecuteDeleteAsync(ct);
        }

        await db.Bounces.Where(b => ids.Contains(b.SubscriberId)).ExecuteDeleteAsync(ct);
        await db.ConsentRecords.Where(c => ids.Contains(c.SubscriberId)).ExecuteDeleteAsync(ct);
        return await db.Subscribers.Where(s => ids.Contains(s.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Takes back issue mails the worker has not started on, so an unsubscribed address gets nothing more.</summary>
    public static Task<int> WithdrawQueuedIssuesAsync(CampaignDb db, string email, CancellationToken ct) =>
        db.OutboxMessages
            .Where(m => m.ToAddress == email && m.Status == OutboxStatus.Pending && m.LeaseOwner == null && m.IdempotencyKey.StartsWith(NewsletterMails.IssueKeyPrefix))
            .ExecuteDeleteAsync(ct);

    /// <summary>The subscriber's data as JSON in Danish, for a request of access (GDPR article 15) or portability (article 20).</summary>
    public static async Task<byte[]?> ExportAsync(CampaignDb db, Guid id, DateTime now, CancellationToken ct)
    {
        var subscriber = await db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscriber is null)
        {
            return null;
        }

        var consents = await db.ConsentRecords.AsNoTracking().Where(c => c.SubscriberId == id).OrderBy(c => c.ConsentedAt).ToListAsync(ct);
        var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.ToAddress.ToLower() == subscriber.Email)
            .OrderBy(m => m.CreatedAt)
            .Select(m => new { m.Subject, m.CreatedAt, m.SentAt, m.Status })
            .ToListAsync(ct);
        var bounces = await db.Bounces.AsNoTracking().Where(b => b.SubscriberId == id).OrderBy(b => b.RecordedAt)
            .Select(b => new { b.Kind, b.Status, b.Diagnostic, b.ReportedAt, b.RecordedAt })
            .ToListAsync(ct);
        var municipality = subscriber.MunicipalityCode is { } code ? Places.Geography.Denmark.Municipality(code) : null;
        var export = new
        {
            udtraekket = now,
            dataansvarlig = "Social- og Boligstyrelsen",
            formaal = "At sende nyhedsbrevet fra Tal om ensomhed til den, der har givet samtykke.",
            abonnent = new
            {
                id = subscriber.Id,
                email = subscriber.Email,
                navn = subscriber.Name,
                status = StatusName(subscriber.Status),
                interesser = Interests.Values(subscriber.Interests).ToList(),
                kommune = municipality is null ? null : new { kode = municipality.Code, navn = municipality.Name },
                oprettet = subscriber.CreatedAt,
                sidsteTilmeldingsmail = subscriber.SignupMailSentAt,
                bekraeftet = subscriber.ConfirmedAt,
                afmeldt = subscriber.UnsubscribedAt,
                ikkeLeverbar = subscriber.UndeliverableAt,
                sidstSendtNyhedsbrev = subscriber.LastSentAt,
                midlertidigeAfvisninger = subscriber.SoftBounces,
                slettesSenest = subscriber.DeleteAfter,
            },
            samtykker = consents.Select(c => new
            {
                tekstversion = c.TextVersion,
                tekst = c.Text,
                interesser = Interests.Values(c.Interests).ToList(),
                side = c.SourcePage,
                givet = c.ConsentedAt,
                bekraeftet = c.ConfirmedAt,
            }),
            mails = mails.Select(m => new
            {
                emne = m.Subject,
                oprettet = m.CreatedAt,
                sendt = m.SentAt,
                status = m.Status switch { OutboxStatus.Sent => "sendt", OutboxStatus.Failed => "opgivet", _ => "venter" },
            }),
            afvisninger = bounces.Select(b => new
            {
                art = b.Kind == Bounces.BounceKind.Hard ? "varig" : "midlertidig",
                statuskode = b.Status,
                begrundelse = b.Diagnostic,
                meldt = b.ReportedAt,
                registreret = b.RecordedAt,
            }),
            bemaerkning = "Mailenes tekst er ikke med, fordi den indeholder abonnentens personlige links (til egen side og afmelding), " +
                "og det samme gælder nøglen i de links. Ingen IP-adresse er gemt.",
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
    }

    public static string StatusName(SubscriberStatus status) => status switch
    {
        SubscriberStatus.Pending => "afventer bekræftelse",
        SubscriberStatus.Confirmed => "tilmeldt",
        SubscriberStatus.Unsubscribed => "afmeldt",
        SubscriberStatus.Undeliverable => "kan ikke modtage mail",
        _ => status.ToString(),
    };
}
