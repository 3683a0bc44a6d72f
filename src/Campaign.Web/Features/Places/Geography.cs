using System.Collections.Frozen;
using System.Text;
using Campaign.Web.Content;
using Campaign.Web.Shared;

namespace Campaign.Web.Features.Places;

public sealed record Region(int Code, string Name, string Slug)
{
    /// <summary>"Region Hovedstaden" reads "Hovedstaden" where the word region is already said.</summary>
    public string ShortName => Name.StartsWith("Region ", StringComparison.Ordinal) ? Name[7..] : Name;
}

public sealed record Municipality(int Code, string Name, string Slug, Region Region);

public sealed record PostalDistrict(string Code, string Name, Municipality Municipality);

/// <summary>
/// Denmark's 98 municipalities, five regions and postal codes, from PostNord's postal file
/// (Features/Places/dk-postnumre.csv). Read once at start; immutable afterwards.
/// </summary>
public sealed class Geography
{
    // Christiansø has a code in the file but is administered by the state, not a municipality.
    private const int Christiansoe = 411;

    private readonly FrozenDictionary<int, Municipality> _byCode;
    private readonly FrozenDictionary<string, Municipality> _bySlug;
    private readonly FrozenDictionary<string, Region> _regionBySlug;
    private readonly FrozenDictionary<string, PostalDistrict> _postal;
    private readonly ILookup<int, PostalDistrict> _districtsIn;

    private Geography(IReadOnlyList<Region> regions, IReadOnlyList<Municipality> municipalities, IReadOnlyList<PostalDistrict> postal, IReadOnlyList<PostalDistrict> allRows)
    {
        _districtsIn = allRows.ToLookup(p => p.Municipality.Code);
        Regions = regions;
        Municipalities = municipalities;
        PostalDistricts = postal;
        _byCode = municipalities.ToFrozenDictionary(m => m.Code);
        _bySlug = municipalities.ToFrozenDictionary(m => m.Slug, StringComparer.OrdinalIgnoreCase);
        _regionBySlug = regions.ToFrozenDictionary(r => r.Slug, StringComparer.OrdinalIgnoreCase);
        _postal = postal.ToFrozenDictionary(p => p.Code);
    }

    public IReadOnlyList<Region> Regions { get; }

    /// <summary>Sorted by name, Danish order.</summary>
    public IReadOnlyList<Municipality> Municipalities { get; }

    public IReadOnlyList<PostalDistrict> PostalDistricts { get; }

    public Municipality? Municipality(int code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// The selectable postal districts in a municipality, including codes the postal file lists under a
    /// neighbour too (a code spanning two municipalities is looked up as the first one only).
    /// </summary>
    public IReadOnlyList<PostalDistrict> DistrictsIn(int municipalityCode) =>
        _districtsIn[municipalityCode].Where(p => p.Code[0] != '0').ToList();

    /// <summary>A municipality by its code ("175") or slug ("roedovre").</summary>
    public Municipality? FindMunicipality(string? codeOrSlug)
    {
        if (string.IsNullOrWhiteSpace(codeOrSlug))
        {
            return null;
        }

        var value = codeOrSlug.Trim();
        return int.TryParse(value, out var code) ? Municipality(code) : _bySlug.GetValueOrDefault(value);
    }

    /// <summary>A region by its code ("1084") or slug ("hovedstaden").</summary>
    public Region? FindRegion(string? codeOrSlug)
    {
        if (string.IsNullOrWhiteSpace(codeOrSlug))
        {
            return null;
        }

        var value = codeOrSlug.Trim();
        return int.TryParse(value, out var code) ? Regions.FirstOrDefault(r => r.Code == code) : _regionBySlug.GetValueOrDefault(value);
    }

    /// <summary>The district of a selectable four-digit postal code; company and special codes (below 1000) are not.</summary>
    public PostalDistrict? Postal(string? code) =>
        code is { Length: 4 } && code.All(char.IsAsciiDigit) && code[0] != '0' ? _postal.GetValueOrDefault(code) : null;

    private static readonly Lazy<Geography> Shared = new(Load);

    /// <summary>The one copy of the reference data, like TimeZoneInfo: read once, never changed.</summary>
    public static Geography Denmark => Shared.Value;

    public static Geography Load()
    {
        using var stream = typeof(Geography).Assembly.GetManifestResourceStream("dk-postnumre.csv")
            ?? throw new InvalidOperationException("The postal code file dk-postnumre.csv is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }

    internal static Geography Parse(TextReader reader)
    {
        var regions = new Dictionary<int, Region>();
        var municipalities = new Dictionary<int, Municipality>();
        var postal = new Dictionary<string, PostalDistrict>(StringComparer.Ordinal);
        var allRows = new List<PostalDistrict>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(';');
            if (f.Length < 6 || !int.TryParse(f[0], out var regionCode) || !int.TryParse(f[2], out var municipalityCode) || municipalityCode == Christiansoe)
            {
                continue;
            }

            if (!regions.TryGetValue(regionCode, out var region))
            {
                var regionName = f[1].Trim();
                region = regions[regionCode] = new Region(regionCode, regionName, UrlSegment.From(regionName.Replace("Region ", "", StringComparison.Ordinal)));
            }

            if (!municipalities.TryGetValue(municipalityCode, out var municipality))
            {
                var name = MunicipalityName(f[3]);
                municipality = municipalities[municipalityCode] = new Municipality(municipalityCode, name, UrlSegment.From(name), region);
            }

            var code = f[4].Trim();
            var district = new PostalDistrict(code, f[5].Trim(), municipality);
            allRows.Add(district);

            // Many codes are listed under several municipalities (2610 Rødovre under København, Hvidovre and
            // Rødovre); the one named like the district is the likely one. The organiser can still correct it.
            if (!postal.TryGetValue(code, out var listed) || (!NamedLike(listed) && NamedLike(district)))
            {
                postal[code] = district;
            }
        }

        var danish = StringComparer.Create(Danish.Culture, ignoreCase: true);
        return new Geography(
            regions.Values.OrderBy(r => r.Name, danish).ToList(),
            municipalities.Values.OrderBy(m => m.Name, danish).ToList(),
            postal.Values.OrderBy(p => p.Code, StringComparer.Ordinal).ToList(),
            allRows);
    }

    private static bool NamedLike(PostalDistrict district) =>
        district.Name.StartsWith(district.Municipality.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Rødovre Kommune" → "Rødovre"; "Københavns Kommune" → "København".</summary>
    private static string MunicipalityName(string addressingName)
    {
        var name = addressingName.Trim();
        foreach (var suffix in new[] { " Regionskommune", " Kommune" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
            }
        }

        return name == "Københavns" ? "København" : name;
    }
}
