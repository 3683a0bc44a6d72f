using Campaign.Web.Features.Mail;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// The list headers every mail to a subscriber carries: an unsubscribe link mail clients show as a button
/// (List-Unsubscribe with an https address and a mailto), one-click unsubscribe by POST (RFC 8058), and the list's id.
/// Gmail and Yahoo require the first two of bulk senders.
/// </summary>
public sealed class NewsletterHeaders(NewsletterLinks links, IOptions<SmtpOptions> smtp)
{
    public const string ListId = "Tal om ensomhed nyhedsbrev";

    public IReadOnlyDictionary<string, string> For(Subscriber subscriber) =>
        For(links.UnsubscribeUrl(subscriber), UnsubscribeMailbox(smtp.Value), subscriber.Token, smtp.Value.FromDomain);

    /// <param name="unsubscribeUrl">The https address that unsubscribes on POST.</param>
    /// <param name="mailbox">Where an unsubscribe mail goes; the token in its subject names the subscriber.</param>
    public static IReadOnlyDictionary<string, string> For(string unsubscribeUrl, string mailbox, string token, string domain) => new Dictionary<string, string>
    {
        ["List-Unsubscribe"] = $"<{unsubscribeUrl}>, <mailto:{mailbox}?subject={Uri.EscapeDataString("afmeld " + token)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        ["List-Id"] = $"{ListId} <nyhedsbrev.{domain}>",
    };

    /// <summary>afmeld@ the sender's domain.</summary>
    public static string UnsubscribeMailbox(SmtpOptions smtp) => $"afmeld@{smtp.FromDomain}";
}
