namespace Campaign.Web.Features.Mail;

/// <summary>
/// Hands one mail to a mail server. <see cref="SmtpMailSender"/> uses System.Net.Mail; a MailKit sender
/// can take its place without the outbox noticing.
/// </summary>
public interface IMailSender
{
    /// <summary>Returns once the server has accepted the mail.</summary>
    /// <exception cref="MailDeliveryException">The server refused it, for good or for now; any other exception counts as for now.</exception>
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>A delivery that failed; <see cref="Permanent"/> says whether trying again could help.</summary>
public sealed class MailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the server refused the recipient for good (a 5xx mailbox error): retrying cannot help.</summary>
    public bool Permanent { get; } = permanent;
}
