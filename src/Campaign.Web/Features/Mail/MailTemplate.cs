using System.Text;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// The site's one mail layout: a heading, a few paragraphs, at most one button and a footer, as plain text
/// and as simple HTML. The HTML is a single centred column laid out with tables and inline styles (what mail
/// clients understand), in Danish (<c>lang="da"</c>), with large text, strong contrast and the button's
/// address also written out for clients that show no buttons. Every text is HTML-encoded here; callers pass plain text.
/// </summary>
public static class MailTemplate
{
    // The site's palette and type, shared with the newsletter template so every mail looks like the site.
    public const string Ink = "#2a221e";
    public const string InkSoft = "#5a4b43";
    public const string Paper = "#fffaf4";
    public const string Clay = "#8a3b24";
    public const string Font = "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
    public const string Serif = "Georgia, 'Times New Roman', serif";

    /// <param name="heading">The mail's one heading, e.g. "Bekræft din e-mailadresse".</param>
    /// <param name="paragraphs">Plain text paragraphs; a line break inside one is kept.</param>
    /// <param name="button">An optional call to action: its text and an absolute http(s) address.</param>
    /// <param name="footer">Why the reader got the mail and who sent it; a line break is kept.</param>
    public static MailContent Render(string heading, IEnumerable<string> paragraphs, (string Text, string Url)? button, string footer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(heading);
        var texts = paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Normalize).ToList();
        if (button is { } b)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(b.Text, nameof(button));
            if (b.Url.Any(char.IsWhiteSpace) || !(Uri.TryCreate(b.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                throw new ArgumentException($"A mail button needs an absolute http(s) address; '{b.Url}' is not one.", nameof(button));
            }
        }

        return new MailContent(Text(Normalize(heading), texts, button, Normalize(footer)), Html(Normalize(heading), texts, button, Normalize(footer)));
    }

    private static string Text(string heading, List<string> paragraphs, (string Text, string Url)? button, string footer)
    {
        var text = new StringBuilder();
        text.Append(heading).Append('\n').Append('\n');
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append('\n').Append('\n');
        }

        if (button is { } b)
        {
            text.Append(b.Text).Append(":\n").Append(b.Url).Append('\n').Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(footer))
        {
            // "-- " on a line of its own is the signature separator mail clients recognise and dim.
            text.Append("-- \n").Append(footer).Append('\n');
        }

        return text.ToString();
    }

    private static string Html(string heading, List<string> paragraphs, (string Text, string Url)? button, string footer)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="da">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <title>{Encode(heading)}</title>
            </head>
            <body style="margin:0;padding:0;background-color:{Paper};">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:{Paper};">
            <tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #ecd6c1;border-radius:12px;">
            <tr><td style="padding:32px 28px;font-family:{Font};font-size:17px;line-height:1.6;color:{Ink};">
            <h1 style="margin:0 0 20px;font-family:{Serif};font-size:26px;line-height:1.25;font-weight:700;color:{Ink};">{Encode(heading)}</h1>

            """);
        foreach (var paragraph in paragraphs)
        {
            html.Append($"""<p style="margin:0 0 16px;">{Encode(paragraph)}</p>""").Append('\n');
        }

        if (button is { } b)
        {
            var url = Encode(b.Url);
            html.Append($"""
                <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px;">
                <tr><td style="border-radius:8px;background-color:{Clay};">
                <a href="{url}" style="display:inline-block;padding:14px 24px;font-family:{Font};font-size:17px;font-weight:700;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:8px;">{Encode(b.Text)}</a>
                </td></tr>
                </table>
                <p style="margin:0 0 16px;font-size:15px;color:{InkSoft};">Virker knappen ikke? Kopiér denne adresse ind i din browser:<br><a href="{url}" style="color:{Clay};word-break:break-all;">{url}</a></p>

                """);
        }

        html.Append("</td></tr>\n</table>\n");
        if (!string.IsNullOrWhiteSpace(footer))
        {
            html.Append($"""
                <p style="max-width:560px;margin:16px auto 0;padding:0 12px;font-family:{Font};font-size:14px;line-height:1.5;color:{InkSoft};">{Encode(footer)}</p>

                """);
        }

        html.Append("</td></tr>\n</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();

    /// <summary>Escapes what HTML gives meaning to and keeps everything else, æ, ø and å included, as itself.</summary>
    internal static string Encode(string text)
    {
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\n' => "<br>",
                _ => c.ToString(),
            });
        }

        return encoded.ToString();
    }
}
