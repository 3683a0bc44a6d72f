using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace Campaign.Web.Content;

/// <summary>
/// Renders editors' Markdown to HTML. Raw HTML is escaped, links and images with a scheme other than
/// http(s)/mailto/tel become plain text, and headings start at h2 because the page title is the h1.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoLinks()
        .Build();

    public static IHtmlContent Render(string? markdown) => new HtmlString(ToHtml(markdown));

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Clamp(heading.Level + (heading.Level == 1 ? 1 : 0), 2, 6);
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!SafeUrl.IsAllowed(link.Url))
            {
                link.ReplaceBy(new LiteralInline(link.IsImage ? "" : PlainText(link)));
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!SafeUrl.IsAllowed(autolink.Url) && !autolink.IsEmail)
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>The visible text of Markdown, for summaries and meta descriptions.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();

    private static string PlainText(ContainerInline container)
    {
        var text = new System.Text.StringBuilder();
        foreach (var inline in container.Descendants<LiteralInline>())
        {
            text.Append(inline.Content.ToString());
        }

        return text.ToString();
    }
}
