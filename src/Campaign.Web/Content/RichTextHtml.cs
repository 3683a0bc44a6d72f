using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Campaign.Web.Content;

/// <summary>
/// The allow-list for rich text: what the design allows (h2–h4, paragraphs, bold, italic, links, bulleted and
/// numbered lists, quotes, line breaks) and nothing else. Everything stored as rich text passes through
/// <see cref="Sanitize"/>, whether it came from the editor, a form without JavaScript, a uSync file or an old version.
/// </summary>
public static partial class RichTextHtml
{
    /// <summary>Elements whose content is code or an embedded document, never text a reader should see.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "head", "title", "textarea", "select", "frame", "frameset", "noembed", "xmp",
    };

    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>The safe subset of <paramref name="html"/>: other elements give up their text, attributes other than a link's href go.</summary>
    public static string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var clean = Sanitizer.Sanitize(html.Replace("\r\n", "\n", StringComparison.Ordinal));
        // Empty paragraphs and stray whitespace between blocks are what an editor leaves by pressing Enter twice.
        return EmptyParagraph().Replace(clean, "").Trim();
    }

    /// <summary>True when <paramref name="text"/> contains markup; plain text typed without the editor is read as Markdown.</summary>
    public static bool LooksLikeHtml(string text) => Tag().IsMatch(text);

    /// <summary>The visible text, for search, summaries and comparing versions; with <paramref name="withLinks"/> a link's address follows its text, as a plain-text mail needs.</summary>
    public static string ToPlainText(string? html, bool withLinks = false)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<body>" + html + "</body>");
        if (withLinks)
        {
            foreach (var link in document.Body!.QuerySelectorAll("a[href]"))
            {
                link.Append(document.CreateTextNode($" ({link.GetAttribute("href")})"));
            }
        }

        foreach (var block in document.Body!.QuerySelectorAll("p, h2, h3, h4, li, blockquote, br"))
        {
            block.Append(document.CreateTextNode(block.LocalName == "br" ? " " : "\n"));
        }

        return Whitespace().Replace(document.Body.TextContent, m => m.Value.Contains('\n') ? "\n" : " ").Trim();
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote", "br"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "tel"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(),
        })
        {
            // A pasted <div> or <span> keeps its words; only the markup goes.
            KeepChildNodes = true,
        };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (Dropped.Contains(e.Tag.LocalName))
            {
                // Kept child nodes would turn a script's code into visible text.
                while (e.Tag.FirstChild is { } child)
                {
                    e.Tag.RemoveChild(child);
                }
            }
        };
        // The same rule as every other link on the site: site paths, http(s), mailto and tel; never //host or javascript:.
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = SafeUrl.IsAllowed(e.OriginalUrl) ? e.OriginalUrl.Trim() : null;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && !link.HasAttribute("href"))
            {
                // A link whose address was refused is just its text.
                link.Replace([.. link.ChildNodes]);
            }
        };
        return sanitizer;
    }

    [GeneratedRegex(@"<p>(\s|&nbsp;|<br>)*</p>")]
    private static partial Regex EmptyParagraph();

    [GeneratedRegex(@"<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?\/?>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
