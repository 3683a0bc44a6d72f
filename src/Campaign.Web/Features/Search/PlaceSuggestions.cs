using System.Text;
using Campaign.Web.Features.Places;

namespace Campaign.Web.Features.Search;

/// <summary>Municipalities, regions and towns by the start of their name, each leading to its events.</summary>
public static class PlaceSuggestions
{
    private static readonly Lazy<IReadOnlyList<(string Folded, Suggestion Suggestion)>> All = new(Load);

    public static IEnumerable<Suggestion> StartingWith(string typed, int take)
    {
        var folded = Fold(typed);
        if (folded.Length < 2)
        {
            return [];
        }

        return All.Value.Where(p => p.Folded.StartsWith(folded, StringComparison.Ordinal)).Select(p => p.Suggestion).Take(take);
    }

    private static IReadOnlyList<(string, Suggestion)> Load()
    {
        var denmark = Geography.Denmark;
        var places = new List<(string, Suggestion)>();
        places.AddRange(denmark.Municipalities.Select(m => (Fold(m.Name), new Suggestion(m.Name, "/arrangementer?kommune=" + m.Slug, "Kommune"))));
        places.AddRange(denmark.Regions.Select(r => (Fold(r.ShortName), new Suggestion(r.Name, "/arrangementer?region=" + r.Slug, "Region"))));

        // A town that shares its name with its municipality is already there.
        var towns = denmark.PostalDistricts
            .Where(d => !string.Equals(d.Name, d.Municipality.Name, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(d => d.Name)
            .Select(d => (Fold(d.Name), new Suggestion(d.Name, "/arrangementer?kommune=" + d.Municipality.Slug, "By i " + d.Municipality.Name)));
        places.AddRange(towns);
        return places.OrderBy(p => p.Item2.Label.Length).ToList();
    }

    /// <summary>Lowercase with æ/ø/å and ae/oe/aa brought to one spelling, so "rodo" finds Rødovre and "arhus" Aarhus.</summary>
    internal static string Fold(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var original in text.Trim().ToLowerInvariant())
        {
            var c = original switch
            {
                'æ' or 'å' or 'ä' => 'a',
                'ø' or 'ö' => 'o',
                'é' => 'e',
                _ => original,
            };
            if (result.Length > 0 && ((result[^1] == 'a' && (c == 'e' || c == 'a')) || (result[^1] == 'o' && c == 'e')))
            {
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
