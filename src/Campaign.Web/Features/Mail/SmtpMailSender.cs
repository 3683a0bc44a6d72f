using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Campaign.Web.Setup;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Sends through <see cref="SmtpClient"/>: one connection per mail, multipart/alternative with a text and an
/// HTML part, UTF-8 throughout. Reads the options at each send, so a changed Smtp section takes effect without a restart.
/// </summary>
public sealed class SmtpMailSender(IOptionsMonitor<SmtpOptions> options) : IMailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var smtp = options.CurrentValue;
        using var mail = Compose(message, smtp);
        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)smtp.Timeout.TotalMilliseconds,
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        // SmtpClient.Timeout bounds only synchronous sends; this bounds the asynchronous one.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(smtp.Timeout);
        try
        {
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (SmtpException e)
        {
            throw new MailDeliveryException(Describe(e), IsPermanentRefusal(e), e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new MailDeliveryException($"No answer from {smtp.Host}:{smtp.Port} within {smtp.Timeout.TotalSeconds:0} seconds.", permanent: false, e);
        }
    }

    internal static MailMessage Compose(OutboxMessage message, SmtpOptions smtp)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(smtp.From, smtp.FromName, Encoding.UTF8),
            // Rows queued before names and subjects were cleaned on the way in must still compose, never throw.
            Subject = PlainText.SingleLine(message.Subject),
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(message.ToAddress, PlainText.SingleLine(message.ToName), Encoding.UTF8));
        mail.Headers.Add("Message-ID", message.MessageId(smtp.FromDomain));

        // Tells auto-responders (out of office) not to answer a mail nobody reads replies to.
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        foreach (var (name, value) in message.ReadHeaders())
        {
            mail.Headers.Set(name, value);
        }

        // With no Body, the two views become the whole mail: multipart/alternative, plain text first as RFC 2046 asks.
        mail.AlternateViews.Add(View(message.TextBody, MediaTypeNames.Text.Plain));
        mail.AlternateViews.Add(View(message.HtmlBody, MediaTypeNames.Text.Html));
        return mail;
    }

    private static AlternateView View(string content, string mediaType)
    {
        var view = AlternateView.CreateAlternateViewFromString(content, Encoding.UTF8, mediaType);
        view.TransferEncoding = TransferEncoding.QuotedPrintable;
        return view;
    }

    /// <summary>
    /// Only a recipient refused with a 5xx mailbox error (unknown user, mailbox disabled, bad address) is permanent:
    /// the same mail to the same address would be refused again. Everything else (no connection, 4xx, a refused
    /// sender or login, a relay denial from a misconfigured server) may pass later, so it is retried.
    /// </summary>
    internal static bool IsPermanentRefusal(SmtpException e) => e switch
    {
        SmtpFailedRecipientsException many when many.InnerExceptions.Length > 0 => many.InnerExceptions.All(IsPermanentRefusal),
        SmtpFailedRecipientException one => (int)one.StatusCode is >= 500 and < 600
            && one.StatusCode != SmtpStatusCode.MustIssueStartTlsFirst
            && !one.Message.Contains("relay", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string Describe(SmtpException e)
    {
        var code = e.StatusCode == SmtpStatusCode.GeneralFailure ? "" : $"{(int)e.StatusCode} ";
        var inner = e.InnerException is { } cause ? $" ({cause.GetType().Name}: {cause.Message})" : "";
        return $"{code}{e.Message}{inner}";
    }
}
