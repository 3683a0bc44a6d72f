using System.Text.RegularExpressions;
using MimeKit;

namespace Campaign.Web.Features.Newsletter.Bounces;

public enum BounceKind
{
    /// <summary>The address cannot receive mail (status 5.x.x, action failed).</summary>
    Hard = 1,

    /// <summary>Delivery failed for now (status 4.x.x, or action delayed): a full mailbox, a server that is down.</summary>
    Soft = 2,
}

/// <summary>One recipient a delivery status notification reports as failed or delayed.</summary>
/// <param name="Addresses">Where it was addressed, the original recipient first (that is what we sent to), lower-case.</param>
/// <param name="Status">The enhanced status code, such as 5.1.1.</param>
/// <param name="OriginalMessageId">The Message-ID of our mail that bounced, when the report returns its headers.</param>
public sealed record BounceNotice(IReadOnlyList<string> Addresses, BounceKind Kind, string Status, string? Action, string? Diagnostic, string? OriginalMessageId);

/// <summary>
/// Reads a message from the bounce mailbox as a delivery status notification: the standard form (RFC 3464,
/// multipart/report with a message/delivery-status part, as Postfix, Exim, Exchange and Gmail send it) and the older
/// form that only names the failed addresses in an X-Failed-Recipients header. Anything else (an auto-reply, a person
/// writing back) is no bounce and yields nothing.
/// </summary>
public static partial class DeliveryReport
{
    public const int DiagnosticMaxLength = 500;

    public static IReadOnlyList<BounceNotice> Read(MimeMessage message)
    {
        var parts = TopLevelParts(message.Body).ToList();
        var originalId = OriginalMessageId(parts);
        var statuses = parts.OfType<MessageDeliveryStatus>().ToList();
        if (statuses.Count > 0)
        {
            return statuses.SelectMany(s => FromStatus(s, originalId)).ToList();
        }

        if (message.Headers["X-Failed-Recipients"] is { Length: > 0 } failed)
        {
            return FromFailedRecipients(failed, parts, originalId);
        }

        return [];
    }

    /// <summary>The per-recipient groups of a delivery-status part (the first group is about the message as a whole).</summary>
    private static IEnumerable<BounceNotice> FromStatus(MessageDeliveryStatus report, string? originalId)
    {
        foreach (var fields in report.StatusGroups.Skip(1))
        {
            var action = fields["Action"]?.Trim().ToLowerInvariant();
            var diagnostic = Clean(fields["Diagnostic-Code"]);
            var status = StatusCode(fields["Status"]) ?? StatusCode(diagnostic) ?? FromReplyCode(diagnostic);

            // Delivered, relayed and expanded are reports of success, not bounces.
            if (status is null || action is "delivered" or "relayed" or "expanded")
            {
                continue;
            }

            var kind = status[0] switch
            {
                '5' when action != "delayed" => BounceKind.Hard,
                '4' or '5' => BounceKind.Soft,
                _ => (BounceKind?)null,
            };
            var addresses = new[] { fields["Original-Recipient"], fields["Final-Recipient"] }
                .Select(Rfc822Address).OfType<string>().Distinct().ToList();
            if (kind is { } k && addresses.Count > 0)
            {
                yield return new BounceNotice(addresses, k, status, action, diagnostic, originalId);
            }
        }
    }

    /// <summary>
    /// The non-standard form: the failed addresses in a header, the reason somewhere in the text. Exim adds the header
    /// only to permanent failures, so without a status code in the text it is a hard bounce.
    /// </summary>
    private static IReadOnlyList<BounceNotice> FromFailedRecipients(string header, List<MimeEntity> parts, string? originalId)
    {
        var text = string.Join("\n", parts.OfType<TextPart>().Where(p => p.IsPlain).Select(p => p.Text));
        var line = text.Split('\n').FirstOrDefault(l => StatusPattern().IsMatch(l));
        var status = StatusCode(line) ?? "5.0.0";
        var kind = status[0] == '4' ? BounceKind.Soft : BounceKind.Hard;
        originalId ??= MessageIdLine().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        return header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => MailboxAddress.TryParse(a, out var parsed) ? parsed.Address.ToLowerInvariant() : null)
            .OfType<string>()
            .Distinct()
            .Select(a => new BounceNotice([a], kind, status, "failed", Clean(line), originalId))
            .ToList();
    }

    /// <summary>The parts of the report itself; a returned message (message/rfc822) is not entered, so a bounce quoted inside it does not count.</summary>
    private static IEnumerable<MimeEntity> TopLevelParts(MimeEntity? entity)
    {
        switch (entity)
        {
            case null:
                yield break;
            case Multipart multipart:
                foreach (var child in multipart.SelectMany(TopLevelParts))
                {
                    yield return child;
                }

                break;
            default:
                yield return entity;
                break;
        }
    }

    /// <summary>The Message-ID of the returned mail, from its headers (text/rfc822-headers) or the whole mail (message/rfc822).</summary>
    private static string? OriginalMessageId(List<MimeEntity> parts)
    {
        foreach (var part in parts)
        {
            var id = part switch
            {
                MessagePart { Message: { } returned } => returned.MessageId,
                MimePart { Content: { } content } when part.ContentType.IsMimeType("text", "rfc822-headers") =>
                    HeaderList.Load(content.Open())[HeaderId.MessageId] is { } raw ? MimeKit.Utils.MimeUtils.EnumerateReferences(raw).FirstOrDefault() : null,
                _ => null,
            };
            if (!string.IsNullOrEmpty(id))
            {
                return id.Trim('<', '>');
            }
        }

        return null;
    }

    /// <summary>"rfc822; Karen@Example.org" → "karen@example.org"; other address types (x400, x500) are not ours.</summary>
    private static string? Rfc822Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var separator = field.IndexOf(';');
        var type = separator < 0 ? "rfc822" : field[..separator].Trim();
        var value = (separator < 0 ? field : field[(separator + 1)..]).Trim().Trim('<', '>');
        return type.Equals("rfc822", StringComparison.OrdinalIgnoreCase) && MailboxAddress.TryParse(value, out var address)
            ? address.Address.ToLowerInvariant()
            : null;
    }

    private static string? StatusCode(string? text) => text is not null && StatusPattern().Match(text) is { Success: true } m ? m.Value : null;

    /// <summary>A diagnostic with only an SMTP reply code ("550 User unknown"): 5xx is a permanent failure, 4xx a temporary one.</summary>
    private static string? FromReplyCode(string? diagnostic) =>
        diagnostic is not null && ReplyCodePattern().Match(diagnostic) is { Success: true } m ? $"{m.Groups[1].Value}.0.0" : null;

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var oneLine = Regex.Replace(text.Trim(), @"\s+", " ");
        return oneLine.Length <= DiagnosticMaxLength ? oneLine : oneLine[..(DiagnosticMaxLength - 1)] + "…";
    }

    [GeneratedRegex(@"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"(?:^|[;\s])([45])\d\d(?:[\s-]|$)")]
    private static partial Regex ReplyCodePattern();

    [GeneratedRegex(@"(?im)^\s*Message-ID:\s*<([^>\s]+)>")]
    private static partial Regex MessageIdLine();
}
