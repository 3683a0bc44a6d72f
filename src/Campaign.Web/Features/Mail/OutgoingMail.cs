namespace Campaign.Web.Features.Mail;

/// <summary>A mail's two bodies: plain text for every client, simple HTML for those that show it.</summary>
public sealed record MailContent(string Text, string Html);

/// <summary>
/// A mail a feature wants sent, handed to <see cref="Outbox.Enqueue"/>.
/// </summary>
/// <param name="IdempotencyKey">
/// Names the logical mail, e.g. <c>$"nyhedsbrev-bekraeft:{subscriber.Id}"</c>; the outbox holds each key once,
/// so a retried request cannot queue the same mail twice.
/// </param>
/// <param name="ToAddress">The recipient's address.</param>
/// <param name="ToName">The recipient's name as shown in the To header, or null.</param>
/// <param name="Subject">One line, no line breaks.</param>
/// <param name="Body">Text and HTML, e.g. from <see cref="MailTemplate.Render"/>.</param>
public sealed record OutgoingMail(string IdempotencyKey, string ToAddress, string? ToName, string Subject, MailContent Body)
{
    /// <summary>Extra headers such as List-Unsubscribe and List-Unsubscribe-Post; the address, subject and MIME headers are set by the sender.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Transactional unless said otherwise: only mail nobody waits for (newsletter issues) is bulk.</summary>
    public MailPriority Priority { get; init; } = MailPriority.Transactional;
}
