using Campaign.Web.Features.Mail;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// The HTML of a newsletter issue: the same single column, colours and type as <see cref="MailTemplate"/>, but with
/// room for many blocks (headings, lists, images, buttons). Callers pass HTML fragments they have encoded themselves.
/// </summary>
public static class NewsletterTemplate
{
    public const string Ink = MailTemplate.Ink;
    public const string InkSoft = MailTemplate.InkSoft;
    public const string Paper = MailTemplate.Paper;
    public const string Clay = MailTemplate.Clay;
    private const string Font = MailTemplate.Font;
    private const string Serif = MailTemplate.Serif;

    public static string Heading(string text) =>
        $"""<h2 style="margin:24px 0 12px;font-family:{Serif};font-size:21px;line-height:1.3;color:{Ink};">{MailTemplate.Encode(text)}</h2>""" + "\n";

    public static string Paragraph(string html) => $"""<p style="margin:0 0 16px;">{html}</p>""" + "\n";

    public static string Button(string text, string url) => $"""
        <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px;">
        <tr><td style="border-radius:8px;background-color:{Clay};">
        <a href="{MailTemplate.Encode(url)}" style="display:inline-block;padding:14px 24px;font-family:{Font};font-size:17px;font-weight:700;line-height:1.2;color:#ffffff;text-decoration:none;border-radius:8px;">{MailTemplate.Encode(text)}</a>
        </td></tr>
        </table>

        """;

    /// <param name="subject">The subject, shown as its one h1.</param>
    /// <param name="body">The blocks as HTML.</param>
    /// <param name="footer">Why the reader gets the mail and the links to change or stop it, as HTML.</param>
    public static string Shell(string subject, string body, string footer) => $"""
        <!DOCTYPE html>
        <html lang="da">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">
        <title>{MailTemplate.Encode(subject)}</title>
        </head>
        <body style="margin:0;padding:0;background-color:{Paper};">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:{Paper};">
        <tr><td align="center" style="padding:24px 12px;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #ecd6c1;border-radius:12px;">
        <tr><td style="padding:32px 28px;font-family:{Font};font-size:17px;line-height:1.6;color:{Ink};">
        <p style="margin:0 0 8px;font-size:14px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;color:{Clay};">Tal om ensomhed</p>
        <h1 style="margin:0 0 20px;font-family:{Serif};font-size:26px;line-height:1.25;font-weight:700;color:{Ink};">{MailTemplate.Encode(subject)}</h1>
        {body}
        </td></tr>
        </table>
        <p style="max-width:560px;margin:16px auto 0;padding:0 12px;font-family:{Font};font-size:14px;line-height:1.5;color:{InkSoft};">{footer}</p>
        </td></tr>
        </table>
        </body>
        </html>

        """;
}
