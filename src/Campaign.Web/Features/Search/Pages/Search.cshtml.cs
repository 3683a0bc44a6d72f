using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Places;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Features.Search.Pages;

/// <summary>/soeg?q=: pages, news, series, partnerships and events, ranked or by date, with hits marked and facets over every hit.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicEvents)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(SearchSetup.SearchRateLimit)]
public sealed class SearchModel(SiteSearch search, PublishedContentCache content) : PageModel, IPageMeta
{
    public const int PageSize = 15;
    public const int MaxQueryLength = 200;

    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [FromQuery(Name = "kommune")] public string? Kommune { get; set; }
    [FromQuery(Name = "region")] public string? Region { get; set; }
    [FromQuery(Name = "serie")] public string? Serie { get; set; }
    [FromQuery(Name = "maalgruppe")] public string? Maalgruppe { get; set; }
    [FromQuery(Name = "sortering")] public string? Sortering { get; set; }
    [FromQuery(Name = "side")] public string? Side { get; set; }

    public SearchResults Results { get; private set; } = SearchResults.Empty("");
    public string? Error { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Results.Total + PageSize - 1) / PageSize);
    public bool ByDate => Sortering == "dato";

    public string Title => string.IsNullOrWhiteSpace(Q) || Error is not null ? "Søg" : $"Søgning: {Clip(Q.Trim())}";
    public string? Description => "Søg i sider, nyheder og arrangementer om ensomhed.";
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Søg", "/soeg")];

    /// <summary>The facets shown beside the hits, with their Danish headings, in order.</summary>
    public static readonly IReadOnlyList<(string Facet, string Heading)> FacetHeadings =
    [
        (SearchFields.Municipality, "Kommune"),
        (SearchFields.Region, "Region"),
        (SearchFields.Series, "Serie"),
        (SearchFields.TargetGroup, "Målgruppe"),
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > MaxQueryLength })
        {
            return Invalid($"Søgningen er for lang. Skriv højst {MaxQueryLength} tegn.");
        }

        if (Type is { Length: > 0 } && SearchTypes.All.All(t => t.Type != Type))
        {
            return Invalid("Vælg en af typerne sider, nyheder, arrangementsserier, lokale partnerskaber eller arrangementer.");
        }

        if (Kommune is { Length: > 0 } && Geography.Denmark.FindMunicipality(Kommune) is null)
        {
            return Invalid("Kommunen findes ikke. Vælg en kommune fra listen.");
        }

        if (Region is { Length: > 0 } && Geography.Denmark.FindRegion(Region) is null)
        {
            return Invalid("Regionen findes ikke. Vælg en region fra listen.");
        }

        if (Serie is { Length: > 0 } && !Guid.TryParse(Serie, out _))
        {
            return Invalid("Serien findes ikke. Vælg en serie fra listen.");
        }

        if (Maalgruppe is { Length: > 0 } && EventTexts.TargetGroupList.All(t => t.Slug != Maalgruppe))
        {
            return Invalid("Vælg en af målgrupperne børn, unge, voksne, ældre eller alle.");
        }

        if (Sortering is { Length: > 0 } and not ("dato" or "relevans"))
        {
            return Invalid("Sorter efter relevans eller dato.");
        }

        if (Side is { Length: > 0 } && (!int.TryParse(Side, out var page) || page < 1 || page > 1000))
        {
            return Invalid("Sidetallet skal være et tal fra 1 og op.");
        }

        PageNumber = int.TryParse(Side, out var p) ? p : 1;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var filters = new SearchFilters(
                Type: string.IsNullOrEmpty(Type) ? null : Type,
                Municipality: Geography.Denmark.FindMunicipality(Kommune)?.Code.ToString(CultureInfo.InvariantCulture),
                Region: Geography.Denmark.FindRegion(Region)?.Code.ToString(CultureInfo.InvariantCulture),
                Series: string.IsNullOrEmpty(Serie) ? null : Serie,
                TargetGroup: string.IsNullOrEmpty(Maalgruppe) ? null : Maalgruppe);
            Results = await search.SearchAsync(Q, filters, ByDate ? SearchSort.Date : SearchSort.Relevance, (PageNumber - 1) * PageSize, PageSize, ct);
        }

        return Page();
    }

    /// <summary>The current search with one parameter changed (null removes it), back on page 1 unless a page is given.</summary>
    public string Link(string name, string? value, int page = 1)
    {
        var parameters = new List<(string, string?)>
        {
            ("q", Q), ("type", Type), ("kommune", Kommune), ("region", Region), ("serie", Serie), ("maalgruppe", Maalgruppe), ("sortering", Sortering),
        };
        var query = parameters.Select(p => p.Item1 == name ? (p.Item1, value) : p)
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!))
            .ToList();
        if (page > 1)
        {
            query.Add("side=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return "/soeg?" + string.Join('&', query);
    }

    public string Link(string? type, int page = 1) => Link("type", type, page);

    public string? Selected(string facet) => facet switch
    {
        SearchFields.Municipality => Geography.Denmark.FindMunicipality(Kommune)?.Code.ToString(CultureInfo.InvariantCulture),
        SearchFields.Region => Geography.Denmark.FindRegion(Region)?.Code.ToString(CultureInfo.InvariantCulture),
        SearchFields.Series => Serie,
        SearchFields.TargetGroup => Maalgruppe,
        _ => Type,
    };

    /// <summary>A facet value as readers know it, and the parameter value that selects it.</summary>
    public (string Label, string Parameter) Describe(string facet, string value)
    {
        var code = int.TryParse(value, CultureInfo.InvariantCulture, out var number) ? number : 0;
        return facet switch
        {
            SearchFields.Municipality => Geography.Denmark.Municipality(code) is { } m ? (m.Name, m.Slug) : (value, value),
            SearchFields.Region => Geography.Denmark.Regions.FirstOrDefault(r => r.Code == code) is { } r ? (r.Name, r.Slug) : (value, value),
            SearchFields.Series => (Guid.TryParse(value, out var key) ? content.Current.FindById(key)?.Title ?? "Ukendt serie" : value, value),
            SearchFields.TargetGroup => (EventTexts.TargetGroupList.FirstOrDefault(t => t.Slug == value).Label ?? value, value),
            _ => (SearchTypes.Label(value), value),
        };
    }

    public static string Parameter(string facet) => facet;

    private PageResult Invalid(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
