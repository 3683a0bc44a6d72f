namespace Campaign.Web.Features.Search;

public static class SearchTypes
{
    public const string Page = "side";
    public const string News = "nyhed";
    public const string Series = "serie";
    public const string Partnership = "partnerskab";
    public const string Event = "arrangement";

    public static readonly IReadOnlyList<(string Type, string Label)> All =
    [
        (Page, "Sider"),
        (News, "Nyheder"),
        (Series, "Arrangementsserier"),
        (Partnership, "Lokale partnerskaber"),
        (Event, "Arrangementer"),
    ];

    public static string Label(string type) => All.FirstOrDefault(t => t.Type == type).Label ?? type;

    public static string Singular(string type) => type switch
    {
        Page => "Side",
        News => "Nyhed",
        Series => "Arrangementsserie",
        Partnership => "Lokalt partnerskab",
        Event => "Arrangement",
        _ => type,
    };
}

/// <summary>
/// One searchable thing (a page, a news article, a series, a partnership, an event) as the index stores it. Built
/// from the published snapshot or an event row; the index is only ever a copy of those, so it can be rebuilt at will.
/// </summary>
public sealed record SearchEntry
{
    public required string Key { get; init; }
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required string Url { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public string? Organiser { get; init; }
    public string? Venue { get; init; }
    public string? City { get; init; }
    public int? MunicipalityCode { get; init; }
    public Guid? SeriesKey { get; init; }
    public string? SeriesName { get; init; }
    public IReadOnlyList<string> TargetGroups { get; init; } = [];

    /// <summary>What "sort by date" sorts on: an event's start, a page's publication.</summary>
    public DateTime Date { get; init; }

    /// <summary>When the source row last changed: the index's watermark is the latest of these.</summary>
    public DateTime UpdatedAt { get; init; }

    /// <summary>Organiser, venue, city, municipality, region, series, target groups and type as words to search.</summary>
    public string MetaText
    {
        get
        {
            var place = MunicipalityCode is { } code ? Places.Geography.Denmark.Municipality(code) : null;
            var words = new[]
            {
                Organiser, Venue, City, place?.Name, place?.Region.Name, SeriesName,
                string.Join(' ', TargetGroups.Select(g => Events.EventTexts.TargetGroupList.FirstOrDefault(t => t.Slug == g).Label)),
                SearchTypes.Singular(Type),
            };
            return string.Join(' ', words.Where(w => !string.IsNullOrWhiteSpace(w)));
        }
    }

    /// <summary>The facet values: municipality and region codes as text.</summary>
    public string? MunicipalityFacet => MunicipalityCode is { } code && Places.Geography.Denmark.Municipality(code) is { } m
        ? m.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? RegionFacet => MunicipalityCode is { } code && Places.Geography.Denmark.Municipality(code) is { } m
        ? m.Region.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The readable text a snippet is cut from: what the hit is about, then where, who and for whom.</summary>
    public string SnippetText
    {
        get
        {
            var municipality = MunicipalityCode is { } code ? Places.Geography.Denmark.Municipality(code)?.Name : null;
            var place = string.Join(", ", new[] { Venue, City }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var groups = string.Join(", ", TargetGroups.Select(g => Events.EventTexts.TargetGroupList.FirstOrDefault(t => t.Slug == g).Label));
            return string.Join(" · ", new[] { Summary, Body, place, municipality, Organiser, SeriesName, groups }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
    }
}
