using AngleSharp.Dom;

namespace Campaign.Tests.Partnerships;

/// <summary>
/// The structural part of what axe-core checks, asserted on server HTML so every integration test can use it:
/// one main landmark, headings without skipped levels, a label for every form control, unique ids and
/// references that point somewhere. The browser suite runs axe itself.
/// </summary>
public static class Markup
{
    public static void AssertAccessible(IDocument html)
    {
        var problems = new List<string>();

        if (html.QuerySelectorAll("main").Length != 1)
        {
            problems.Add("The page needs exactly one <main>.");
        }

        var h1s = html.QuerySelectorAll("main h1");
        if (h1s.Length != 1)
        {
            problems.Add($"The main content needs exactly one h1 (found {h1s.Length}).");
        }

        var previous = 0;
        foreach (var heading in html.QuerySelectorAll("h1, h2, h3, h4, h5, h6"))
        {
            var level = heading.LocalName[1] - '0';
            if (previous == 0 && level != 1 && heading.Closest("main") is not null)
            {
                problems.Add($"The first heading in main is h{level}: \"{heading.TextContent.Trim()}\".");
            }

            if (previous > 0 && level > previous + 1)
            {
                problems.Add($"Heading level skipped from h{previous} to h{level}: \"{heading.TextContent.Trim()}\".");
            }

            if (string.IsNullOrWhiteSpace(heading.TextContent))
            {
                problems.Add($"An empty h{level}.");
            }

            previous = level;
        }

        var ids = html.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        foreach (var duplicate in ids.GroupBy(i => i).Where(g => g.Count() > 1))
        {
            problems.Add($"The id \"{duplicate.Key}\" is used {duplicate.Count()} times.");
        }

        foreach (var control in html.QuerySelectorAll("input, select, textarea"))
        {
            var type = control.GetAttribute("type");
            if (type is "hidden" or "submit" or "button" or "reset")
            {
                continue;
            }

            var labelled = control.HasAttribute("aria-label") || control.HasAttribute("aria-labelledby")
                || control.Closest("label") is not null
                || (control.Id is { Length: > 0 } id && html.QuerySelector($"label[for='{id}']") is not null);
            if (!labelled)
            {
                problems.Add($"The {control.LocalName} \"{control.GetAttribute("name")}\" has no label.");
            }
        }

        foreach (var element in html.QuerySelectorAll("[aria-labelledby], [aria-describedby], [aria-controls]"))
        {
            foreach (var attribute in new[] { "aria-labelledby", "aria-describedby", "aria-controls" })
            {
                foreach (var reference in (element.GetAttribute(attribute) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (html.GetElementById(reference) is null)
                    {
                        problems.Add($"{attribute}=\"{reference}\" points to no element.");
                    }
                }
            }
        }

        foreach (var link in html.QuerySelectorAll("a[href]"))
        {
            if (string.IsNullOrWhiteSpace(link.TextContent) && !link.HasAttribute("aria-label"))
            {
                problems.Add($"The link to {link.GetAttribute("href")} has no text.");
            }
        }

        foreach (var button in html.QuerySelectorAll("button"))
        {
            if (string.IsNullOrWhiteSpace(button.TextContent) && !button.HasAttribute("aria-label"))
            {
                problems.Add("A button has no text.");
            }
        }

        var navs = html.QuerySelectorAll("nav");
        if (navs.Length > 1 && navs.Any(n => !n.HasAttribute("aria-label") && !n.HasAttribute("aria-labelledby")))
        {
            problems.Add("With several <nav> landmarks each needs a name.");
        }

        if (html.DocumentElement.GetAttribute("lang") != "da")
        {
            problems.Add("The page is not marked lang=\"da\".");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
