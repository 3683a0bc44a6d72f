using System.Text;
using Campaign.Web.Setup;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Text;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Turns an outbox row into the MIME message that goes on the wire: multipart/alternative with a text and an HTML
/// part (quoted-printable UTF-8), names and subject MIME-encoded (RFC 2047) so æ, ø and å survive any relay, the
/// row's stable Message-ID, and a DKIM signature when one is configured.
/// </summary>
public static class MailComposer
{
    /// <summary>
    /// What a DKIM signature covers, when present: what the reader sees and what filters and mail clients act on
    /// (the list headers behind the unsubscribe button among them), so none of it can be changed or added in transit.
    /// </summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
    [
        "From", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted",
    ];

    public static MimeMessage Compose(OutboxMessage message, SmtpOptions smtp, DateTimeOffset now, DkimSigner? signer)
    {
        var mail = new MimeMessage
        {
            // Rows queued before names and subjects were cleaned on the way in must still compose, never throw.
            Subject = PlainText.SingleLine(message.Subject),
            Date = now,
            MessageId = message.MessageId(smtp.FromDomain).Trim('<', '>'),
        };
        mail.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        mail.To.Add(new MailboxAddress(NameOrNull(message.ToName), message.ToAddress));

        // Tells auto-responders (out of office) not to answer a mail nobody reads replies to; a feature may say otherwise.
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        foreach (var (name, value) in message.ReadHeaders())
        {
            mail.Headers.Replace(name, value);
        }

        // Plain text first, as RFC 2046 asks: a client shows the last alternative it understands.
        mail.Body = new MultipartAlternative { Part(TextFormat.Plain, message.TextBody), Part(TextFormat.Html, message.HtmlBody) };

        if (signer is not null)
        {
            // The signature covers the body as it is encoded now; fixing every encoding to 7-bit first means no relay
            // (or MailKit for a server without 8BITMIME) re-encodes it afterwards and breaks the signature.
            mail.Prepare(EncodingConstraint.SevenBit);
            signer.Sign(mail, SignedHeaders.Where(mail.Headers.Contains).ToList());
        }

        return mail;
    }

    private static string? NameOrNull(string? name) => PlainText.SingleLine(name) is { Length: > 0 } clean ? clean : null;

    private static TextPart Part(TextFormat format, string content)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, content);
        return part;
    }
}
