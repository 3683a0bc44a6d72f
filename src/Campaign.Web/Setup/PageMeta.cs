namespace Campaign.Web.Setup;

/// <summary>What the layout needs to know about the page it wraps; page models implement it.</summary>
public interface IPageMeta
{
    string Title { get; }
    string? Description { get; }

    /// <summary>The page's own path, for the canonical link and the current menu item; null for pages that should not be indexed.</summary>
    string? CanonicalPath { get; }

    IReadOnlyList<Crumb> Breadcrumbs { get; }

    /// <summary>Open Graph type; "event" pages say so.</summary>
    string OgType => "website";

    /// <summary>An absolute or site-relative image for link previews.</summary>
    string? ImageUrl => null;
}

public sealed record Crumb(string Title, string Url);
