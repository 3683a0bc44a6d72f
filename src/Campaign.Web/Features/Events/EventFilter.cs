using System.ComponentModel;
using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Features.Places;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Web.Features.Events;

/// <summary>
/// The listing's filters exactly as they arrive in the query string (GET, shareable). Everything is a string
/// so that bad input becomes a Danish message rather than a binding error.
/// </summary>
public sealed record EventFilter
{
    [FromQuery(Name = "kommune")] [Description("Kommunens navn eller kode, fx 175 eller roedovre. / Municipality name or code.")] public string? Kommune { get; init; }
    [FromQuery(Name = "region")] [Description("Regionens navn eller kode. / Region name or code.")] public string? Region { get; init; }
    [FromQuery(Name = "serie")] [Description("Seriens adresse-navn (slug), fx march-mod-ensomhed. / Series slug.")] public string? Serie { get; init; }
    [FromQuery(Name = "fra")] [Description("Fra og med dato (åååå-mm-dd eller dd-mm-åååå). / From date, inclusive.")] public string? Fra { get; init; }
    [FromQuery(Name = "til")] [Description("Til og med dato. / To date, inclusive.")] public string? Til { get; init; }
    [FromQuery(Name = "periode")] [Description("i-dag, weekend, uge eller 30-dage. / Preset period: today, weekend, this week or the next 30 days.")] public string? Periode { get; init; }
    [FromQuery(Name = "maalgruppe")] [Description("Målgruppe (slug), fx unge eller aeldre. / Target group slug.")] public string? Maalgruppe { get; init; }
    [FromQuery(Name = "q")] [Description("Fritekst (højst 200 tegn). / Free text search (at most 200 characters).")] public string? Q { get; init; }
    [FromQuery(Name = "tidligere")] [Description("ja: tidligere arrangementer, nyeste først. / 'ja' for past events, newest first.")] public string? Tidligere { get; init; }
    [FromQuery(Name = "side")] [Description("Sidetal fra 1. / Page number from 1.")] public string? Side { get; init; }
    [FromQuery(Name = "size")] [Description("Antal pr. side (JSON: 1–100, standard 20; CSV: 1–5000, standard 1000). / Page size.")] public string? Size { get; init; }

    public static readonly IReadOnlyList<(string Value, string Label)> Periods =
    [
        ("i-dag", "I dag"),
        ("weekend", "I weekenden"),
        ("uge", "Denne uge"),
        ("30-dage", "Næste 30 dage"),
    ];

    /// <summary>The query string for these filters with some changed (null removes a key), for links and paging.</summary>
    public string With(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Q, ["kommune"] = Kommune, ["region"] = Region, ["serie"] = Serie, ["periode"] = Periode,
            ["fra"] = Fra, ["til"] = Til, ["maalgruppe"] = Maalgruppe, ["tidligere"] = Tidligere, ["side"] = Side,
        };
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        var pairs = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}");
        var query = string.Join("&", pairs);
        return query.Length == 0 ? "" : "?" + query;
    }

    public ResolvedFilter Resolve(PublishedSnapshot content, TimeProvider clock, int defaultSize = 20, int maxSize = 100)
    {
        var errors = new Dictionary<string, string>();
        var places = Places.Geography.Denmark;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = CopenhagenTime.Today(clock);

        var municipality = places.FindMunicipality(Kommune);
        if (!string.IsNullOrWhiteSpace(Kommune) && municipality is null)
        {
            errors["kommune"] = $"Vi kender ikke kommunen \"{Clip(Kommune)}\". Brug kommunens navn uden æøå (fx roedovre) eller kommunekoden (fx 175).";
        }

        var region = places.FindRegion(Region);
        if (!string.IsNullOrWhiteSpace(Region) && region is null)
        {
            errors["region"] = $"Vi kender ikke regionen \"{Clip(Region)}\".";
        }

        PublishedPage? series = null;
        if (!string.IsNullOrWhiteSpace(Serie))
        {
            series = content.Pages.FirstOrDefault(p => p.Type == ContentTypes.EventSeries && p.Url.EndsWith("/" + Serie.Trim(), StringComparison.OrdinalIgnoreCase));
            if (series is null)
            {
                errors["serie"] = $"Vi kender ikke serien \"{Clip(Serie)}\".";
            }
        }

        var target = TargetGroups.None;
        if (!string.IsNullOrWhiteSpace(Maalgruppe))
        {
            var match = EventTexts.TargetGroupList.FirstOrDefault(t => t.Slug == Maalgruppe.Trim());
            if (match.Value == TargetGroups.None)
            {
                errors["maalgruppe"] = "Vælg en af målgrupperne børn, unge, voksne, ældre eller alle.";
            }

            target = match.Value;
        }

        var past = Tidligere is "ja" or "1" or "true";
        DateTime? fromUtc = past ? null : now;
        DateTime? toUtc = past ? now : null;
        switch (Periode)
        {
            case null or "":
                break;
            case "i-dag":
                (fromUtc, toUtc) = (now, CopenhagenTime.StartOfDay(today.AddDays(1)));
                break;
            case "weekend":
                var saturday = today.DayOfWeek == DayOfWeek.Sunday ? today.AddDays(-1) : today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7);
                (fromUtc, toUtc) = (Max(now, CopenhagenTime.StartOfDay(saturday)), CopenhagenTime.StartOfDay(saturday.AddDays(2)));
                break;
            case "uge":
                var daysToMonday = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
                (fromUtc, toUtc) = (now, CopenhagenTime.StartOfDay(today.AddDays(daysToMonday == 0 ? 7 : daysToMonday)));
                break;
            case "30-dage":
                (fromUtc, toUtc) = (now, CopenhagenTime.StartOfDay(today.AddDays(31)));
                break;
            default:
                errors["periode"] = "Vælg i dag, i weekenden, denne uge eller næste 30 dage.";
                break;
        }

        if (ParseDate(Fra, "fra", today, errors) is { } fra)
        {
            fromUtc = CopenhagenTime.StartOfDay(fra);
        }

        if (ParseDate(Til, "til", today, errors) is { } til)
        {
            toUtc = CopenhagenTime.StartOfDay(til.AddDays(1));
        }

        if (fromUtc is { } f && toUtc is { } t && t <= f && !errors.ContainsKey("fra") && !errors.ContainsKey("til"))
        {
            errors["til"] = "Til-datoen skal ligge efter fra-datoen.";
        }

        var page = ParseInt(Side, "side", 1, 10_000, 1, errors, "Sidetallet skal være et tal fra 1 og op.");
        var size = ParseInt(Size, "size", 1, maxSize, defaultSize, errors, $"size skal være et tal fra 1 til {maxSize}.");

        var q = Q?.Trim();
        if (q is { Length: > 200 })
        {
            errors["q"] = "Søgeteksten må højst være 200 tegn.";
            q = q[..200];
        }

        return new ResolvedFilter(municipality, region, series, target, fromUtc, toUtc, past, string.IsNullOrEmpty(q) ? null : q, page, size, errors);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;

    private static DateOnly? ParseDate(string? value, string field, DateOnly today, Dictionary<string, string> errors)
    {
        var date = DanishDate.Parse(value, today, out var error);
        if (error is not null)
        {
            errors[field] = error;
        }

        return date;
    }

    private static int ParseInt(string? value, string field, int min, int max, int fallback, Dictionary<string, string> errors, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors[field] = message;
        return fallback;
    }
}

/// <summary>The filters checked and turned into what the query needs.</summary>
public sealed record ResolvedFilter(
    Municipality? Municipality,
    Region? Region,
    PublishedPage? Series,
    TargetGroups TargetGroup,
    DateTime? FromUtc,
    DateTime? ToUtc,
    bool Past,
    string? Query,
    int Page,
    int Size,
    IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
