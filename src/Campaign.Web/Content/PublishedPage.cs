namespace Campaign.Web.Content;

/// <summary>A page as the public sees it: the published version of a node, placed in the published tree.</summary>
public sealed class PublishedPage
{
    private readonly List<PublishedPage> _children = [];

    public required Guid Id { get; init; }
    public required ContentType Type { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public required int SortOrder { get; init; }
    public required ContentData Data { get; init; }
    public required DateTime PublishedAt { get; init; }
    public PublishedPage? Parent { get; init; }

    public IReadOnlyList<PublishedPage> Children => _children;

    public string Title => Data.Get("title") ?? Name;
    public string? Intro => Data.Get("intro");
    public string Description => Data.Get("metaDescription") ?? Intro ?? Title;
    public string Navigation => Data.Get("navigation") ?? "hidden";

    /// <summary>From the site root down to this page, for breadcrumbs.</summary>
    public IReadOnlyList<PublishedPage> Path
    {
        get
        {
            var path = new List<PublishedPage>();
            for (var page = this; page is not null; page = page.Parent)
            {
                path.Insert(0, page);
            }

            return path;
        }
    }

    internal void AddChild(PublishedPage child) => _children.Add(child);
}
