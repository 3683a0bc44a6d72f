namespace Campaign.Web.Features.Mail;

/// <summary>
/// Hands one mail to a mail server: <see cref="MailKitSender"/>. Implementations are safe to call from several
/// tasks at once (the outbox worker may send a few mails in parallel).
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
