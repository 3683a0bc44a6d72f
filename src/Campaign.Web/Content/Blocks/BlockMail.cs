using System.Text;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// What a block writes itself into when a newsletter is rendered: a text part and an HTML part, with the mail's
/// template pieces and links made absolute. The body depends on the reader only through <see cref="MunicipalityCode"/>,
/// so a renderer can build it once per municipality.
/// </summary>
public sealed class BlockMail(string linkBase, int? municipalityCode, BlockMail.EventSource events)
{
    /// <summary>The next public events of a municipality (or of the whole country for null), at most the given count.</summary>
    public delegate Task<IReadOnlyList<EventListItem>> EventSource(int? municipalityCode, int count, CancellationToken ct);

    public StringBuilder Text { get; } = new();
    public StringBuilder Html { get; } = new();

    /// <summary>The reader's municipality, or null for a reader without one.</summary>
    public int? MunicipalityCode => municipalityCode;

    public Task<IReadOnlyList<EventListItem>> UpcomingEventsAsync(int? code, int count, CancellationToken ct) => events(code, count, ct);

    /// <summary>Site links (/side) become absolute, since a mail has no site to be relative to.</summary>
    public string Absolute(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? linkBase + url : url;

    public string AbsoluteLinks(string html) =>
        html.Replace("href=\"/", $"href=\"{linkBase}/", StringComparison.Ordinal).Replace("src=\"/", $"src=\"{linkBase}/", StringComparison.Ordinal);

    public static string Encode(string text) => MailTemplate.Encode(text);

    /// <summary>A heading in both parts.</summary>
    public BlockMail Heading(string text)
    {
        Text.Append(text).Append('\n').Append(new string('-', text.Length)).Append('\n');
        Html.Append(NewsletterTemplate.Heading(text));
        return this;
    }

    /// <summary>A paragraph of plain text in both parts.</summary>
    public BlockMail Paragraph(string text)
    {
        Text.Append(text).Append("\n\n");
        Html.Append(NewsletterTemplate.Paragraph(Encode(text)));
        return this;
    }

    /// <summary>A button in HTML, "text: link" in the text part.</summary>
    public BlockMail Button(string text, string url)
    {
        Text.Append(text).Append(": ").Append(Absolute(url)).Append("\n\n");
        Html.Append(NewsletterTemplate.Button(text, Absolute(url)));
        return this;
    }

    public string LinkStyle => $"color:{NewsletterTemplate.Clay};";
    public string SoftStyle => $"color:{NewsletterTemplate.InkSoft};";
    public string Accent => NewsletterTemplate.Clay;
}
