namespace Campaign.Web.Content;

/// <summary>
/// An immutable picture of everything published, built from the database in one go. Public pages read
/// only this, so showing a page never queries the database.
/// </summary>
public sealed class PublishedSnapshot
{
    private readonly Dictionary<string, PublishedPage> _byUrl;
    private readonly Dictionary<string, PublishedPage> _byAlias;
    private readonly Dictionary<string, PublishedPage> _redirects;
    private readonly Dictionary<Guid, PublishedPage> _byId;

    public PublishedSnapshot(IReadOnlyList<PublishedPage> pages, IReadOnlyDictionary<string, Guid> redirects)
    {
        Pages = pages;
        _byId = pages.ToDictionary(p => p.Id);
        _byUrl = pages.ToDictionary(p => p.Url, StringComparer.OrdinalIgnoreCase);
        _byAlias = new(StringComparer.OrdinalIgnoreCase);
        foreach (var page in pages)
        {
            if (page.Data.Get("urlAlias") is { } alias && Normalize(alias) is var key && !_byUrl.ContainsKey(key))
            {
                _byAlias.TryAdd(key, page);
            }
        }

        _redirects = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, target) in redirects)
        {
            if (_byId.TryGetValue(target, out var page) && !_byUrl.ContainsKey(path))
            {
                _redirects[path] = page;
            }
        }

        Root = pages.FirstOrDefault(p => p.Parent is null);
        MainNavigation = Root?.Children.Where(p => p.Navigation == "main").ToList() ?? [];
        FooterNavigation = Root?.Children.Where(p => p.Navigation == "footer").ToList() ?? [];
    }

    public IReadOnlyList<PublishedPage> Pages { get; }
    public PublishedPage? Root { get; }
    public IReadOnlyList<PublishedPage> MainNavigation { get; }
    public IReadOnlyList<PublishedPage> FooterNavigation { get; }

    public PublishedPage? FindById(Guid id) => _byId.GetValueOrDefault(id);

    /// <summary>The page at a URL, also through its URL alias (such as /was).</summary>
    public PublishedPage? Find(string path)
    {
        var key = Normalize(path);
        return _byUrl.GetValueOrDefault(key) ?? _byAlias.GetValueOrDefault(key);
    }

    /// <summary>Where an old URL of a renamed or moved page now lives.</summary>
    public PublishedPage? RedirectFor(string path) => _redirects.GetValueOrDefault(Normalize(path));

    public static string Normalize(string path)
    {
        var trimmed = path.Trim().Trim('/');
        return "/" + trimmed;
    }
}
