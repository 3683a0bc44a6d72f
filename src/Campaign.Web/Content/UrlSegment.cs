using System.Globalization;
using System.Text;

namespace Campaign.Web.Content;

/// <summary>URL segments from Danish names: "Få hjælp" becomes "faa-hjaelp".</summary>
public static class UrlSegment
{
    /// <summary>First-level paths that belong to the application, so no page may take them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "arrangementer", "css", "js", "img", "fonts", "media", "embed", "forening", "redaktion",
        "soeg", "nyhedsbrev", "health", "fejl", "forhaandsvisning", "sitemap.xml", "robots.txt", "feed.xml", "favicon.ico", "favicon.svg",
    };

    public static string From(string name)
    {
        var text = name.Trim().ToLower(CultureInfo.GetCultureInfo("da-DK"))
            .Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ø", "oe", StringComparison.Ordinal)
            .Replace("å", "aa", StringComparison.Ordinal)
            .Replace("ß", "ss", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);

        var segment = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                segment.Append(c);
            }
            else if (segment.Length > 0 && segment[^1] != '-')
            {
                segment.Append('-');
            }
        }

        var result = segment.ToString().Trim('-');
        if (result.Length > 80)
        {
            result = result[..80].TrimEnd('-');
        }

        return result.Length == 0 ? "side" : result;
    }

    /// <summary>A segment for the name that no sibling uses yet: "nyheder", then "nyheder-2" and so on.</summary>
    public static string Unique(string name, IEnumerable<string> siblingSegments, bool atTopLevel)
    {
        var taken = new HashSet<string>(siblingSegments, StringComparer.Ordinal);
        if (atTopLevel)
        {
            taken.UnionWith(Reserved);
        }

        var baseSegment = From(name);
        var candidate = baseSegment;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{baseSegment}-{n}";
        }

        return candidate;
    }
}
