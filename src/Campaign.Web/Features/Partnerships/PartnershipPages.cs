using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Features.Places;
using Campaign.Web.Shared;

namespace Campaign.Web.Features.Partnerships;

/// <summary>A published partnership page with its municipality.</summary>
public sealed record PartnershipEntry(PublishedPage Page, Municipality Municipality);

/// <summary>Finding partnerships in the published snapshot; the database is not touched.</summary>
public static class PartnershipPages
{
    public static Municipality? MunicipalityOf(PublishedPage page) =>
        int.TryParse(page.Data.Get("municipalityCode"), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? Places.Geography.Denmark.Municipality(code)
            : null;

    /// <summary>Every published partnership, one per municipality (the first in the tree wins), in Danish order of municipality.</summary>
    public static IReadOnlyList<PartnershipEntry> All(PublishedSnapshot snapshot) =>
        snapshot.Pages
            .Where(p => p.Type == ContentTypes.Partnership)
            .Select(p => MunicipalityOf(p) is { } m ? new PartnershipEntry(p, m) : null)
            .OfType<PartnershipEntry>()
            .DistinctBy(e => e.Municipality.Code)
            .OrderBy(e => e.Municipality.Name, StringComparer.Create(Danish.Culture, ignoreCase: true))
            .ToList();

    public static PartnershipEntry? ForMunicipality(PublishedSnapshot snapshot, int code) =>
        All(snapshot).FirstOrDefault(e => e.Municipality.Code == code);

    // Islands take "på" in Danish: på Bornholm, på Ærø.
    private static readonly HashSet<int> Islands = [400, 492, 563, 741, 825];

    /// <summary>"i Rødovre", "på Bornholm".</summary>
    public static string In(Municipality municipality) => (Islands.Contains(municipality.Code) ? "på " : "i ") + municipality.Name;

    /// <summary>News articles tagged with the municipality, newest first.</summary>
    public static IReadOnlyList<PublishedPage> News(PublishedSnapshot snapshot, Municipality municipality, int take) =>
        snapshot.Pages
            .Where(p => p.Type == ContentTypes.NewsArticle && p.Data.Get("municipalityCode") == municipality.Code.ToString(CultureInfo.InvariantCulture))
            .OrderByDescending(p => p.Data.Get("date"), StringComparer.Ordinal)
            .Take(take)
            .ToList();
}

public sealed record PartnershipRegion(Region Region, IReadOnlyList<PartnershipEntry> Partnerships);

/// <summary>
/// The index page's list: partnerships grouped by region, narrowed by the GET parameters kommune and region
/// (a code or a slug, as on /arrangementer), so the filter works without JavaScript and can be shared as a link.
/// </summary>
public sealed record PartnershipDirectory(
    IReadOnlyList<PartnershipEntry> All,
    IReadOnlyList<PartnershipRegion> Regions,
    string? Kommune,
    string? Region,
    Municipality? Municipality,
    Region? SelectedRegion,
    IReadOnlyDictionary<string, string> Errors)
{
    public bool IsFiltered => Municipality is not null || SelectedRegion is not null;
    public int Shown => Regions.Sum(r => r.Partnerships.Count);

    public static PartnershipDirectory For(PublishedSnapshot snapshot, string? kommune, string? region)
    {
        var places = Places.Geography.Denmark;
        var errors = new Dictionary<string, string>();
        var municipality = places.FindMunicipality(kommune);
        if (!string.IsNullOrWhiteSpace(kommune) && municipality is null)
        {
            errors["kommune"] = $"Vi kender ikke kommunen \"{Clip(kommune)}\". Vælg en kommune på listen.";
        }

        var selectedRegion = places.FindRegion(region);
        if (!string.IsNullOrWhiteSpace(region) && selectedRegion is null)
        {
            errors["region"] = $"Vi kender ikke regionen \"{Clip(region)}\". Vælg en region på listen.";
        }

        var all = PartnershipPages.All(snapshot);
        var regions = all
            .Where(e => municipality is null || e.Municipality.Code == municipality.Code)
            .Where(e => selectedRegion is null || e.Municipality.Region.Code == selectedRegion.Code)
            .GroupBy(e => e.Municipality.Region)
            .OrderBy(g => g.Key.Name, StringComparer.Create(Danish.Culture, ignoreCase: true))
            .Select(g => new PartnershipRegion(g.Key, g.ToList()))
            .ToList();
        return new PartnershipDirectory(all, regions, kommune?.Trim(), region?.Trim(), municipality, selectedRegion, errors);
    }

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
