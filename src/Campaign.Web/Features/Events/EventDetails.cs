using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Features.Places;

namespace Campaign.Web.Features.Events;

/// <summary>What an organiser fills in about an event. Times are UTC; see <see cref="CopenhagenTime"/>.</summary>
public sealed record EventDetails
{
    public string Title { get; init; } = "";
    public string? Summary { get; init; }

    /// <summary>Markdown, rendered without raw HTML.</summary>
    public string Description { get; init; } = "";

    public Guid? SeriesKey { get; init; }
    public DateTime StartUtc { get; init; }
    public DateTime EndUtc { get; init; }

    /// <summary>Whole days: Start is local midnight of the first day, End local midnight after the last.</summary>
    public bool AllDay { get; init; }

    public Repeat Repeat { get; init; }
    public DateOnly? RepeatUntil { get; init; }

    /// <summary>Dates (yyyy-MM-dd, comma separated) on which a repeating event does not happen.</summary>
    public string? SkippedDates { get; init; }

    public bool IsOnline { get; init; }
    public string? OnlineUrl { get; init; }
    public string? VenueName { get; init; }
    public string? StreetAddress { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public int MunicipalityCode { get; init; }
    public int RegionCode { get; init; }

    public string? ImageUrl { get; init; }
    public string? ImageAlt { get; init; }

    /// <summary>The uploaded image in the media store (see Features/Media), with its size for width/height and srcset.</summary>
    public Guid? ImageId { get; init; }

    public int? ImageWidth { get; init; }
    public int? ImageHeight { get; init; }
    public TargetGroups TargetGroups { get; init; } = TargetGroups.Everyone;
    public AccessibilityFeatures Accessibility { get; init; }
    public string? AccessibilityNote { get; init; }

    /// <summary>Null or 0 is free, the default.</summary>
    public decimal? PriceDkk { get; init; }

    public string? PriceNote { get; init; }
    public JoinMethod JoinMethod { get; init; }
    public string? JoinDetail { get; init; }
    public string OrganiserName { get; init; } = "";
    public string? OrganiserUrl { get; init; }

    public bool IsFree => PriceDkk is null or 0;

    public IReadOnlyList<DateOnly> Skipped =>
        (SkippedDates ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null)
            .OfType<DateOnly>().ToList();

    /// <summary>Fills the municipality's region, so the two always agree.</summary>
    public EventDetails WithMunicipality(int code) =>
        this with { MunicipalityCode = code, RegionCode = Places.Geography.Denmark.Municipality(code)?.Region.Code ?? 0 };

    /// <summary>
    /// Every (start, end) in UTC. Repeats are counted in Copenhagen wall-clock time, so 10:00 stays 10:00
    /// across summer time; a monthly repeat on the 31st skips months without one, as iCalendar does.
    /// </summary>
    public IEnumerable<(DateTime Start, DateTime End)> Dates()
    {
        if (Repeat == Repeat.None || RepeatUntil is not { } until)
        {
            yield return (StartUtc, EndUtc);
            yield break;
        }

        var localStart = CopenhagenTime.ToLocal(StartUtc);
        var localEnd = CopenhagenTime.ToLocal(EndUtc);
        var length = localEnd - localStart;
        var skipped = Skipped.ToHashSet();
        var count = 0;
        for (var i = 0; count < Event.MaxOccurrences; i++)
        {
            var candidate = Repeat == Repeat.Weekly ? localStart.AddDays(7 * i) : localStart.AddMonths(i);
            if (Repeat == Repeat.Monthly && candidate.Day != localStart.Day)
            {
                continue;
            }

            var date = DateOnly.FromDateTime(candidate);
            if (date > until)
            {
                yield break;
            }

            if (skipped.Contains(date))
            {
                continue;
            }

            if (CopenhagenTime.ToUtc(date, TimeOnly.FromDateTime(candidate)) is not { } start)
            {
                continue;
            }

            var end = CopenhagenTime.ToUtc(DateOnly.FromDateTime(candidate + length), TimeOnly.FromDateTime(candidate + length)) ?? start + length;
            count++;
            yield return (start, end);
        }
    }

    private IEnumerable<(string Field, string? Value, bool MultiLine)> TextFields() =>
    [
        (nameof(Title), Title, false), (nameof(Summary), Summary, false), (nameof(Description), Description, true),
        (nameof(SkippedDates), SkippedDates, false), (nameof(OnlineUrl), OnlineUrl, false), (nameof(VenueName), VenueName, false),
        (nameof(StreetAddress), StreetAddress, false), (nameof(PostalCode), PostalCode, false), (nameof(City), City, false),
        (nameof(ImageUrl), ImageUrl, false), (nameof(ImageAlt), ImageAlt, false), (nameof(AccessibilityNote), AccessibilityNote, false),
        (nameof(PriceNote), PriceNote, false), (nameof(JoinDetail), JoinDetail, false), (nameof(OrganiserName), OrganiserName, false),
        (nameof(OrganiserUrl), OrganiserUrl, false),
    ];

    /// <summary>Danish messages by field, for whatever must be fixed before the event can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.TryAdd(field, message);
            }
        }

        // Control characters first: they break feeds and calendars for everyone, whatever else is wrong.
        foreach (var (field, value, multiLine) in TextFields())
        {
            if (Setup.PlainText.Check(value, multiLine) is { } control)
            {
                errors.TryAdd(field, control);
            }
        }

        Check(!string.IsNullOrWhiteSpace(Title), nameof(Title), "Skriv en titel.");
        Check(Title.Length <= 120, nameof(Title), "Titlen må højst være 120 tegn.");
        Check((Summary?.Length ?? 0) <= 300, nameof(Summary), "Den korte beskrivelse må højst være 300 tegn.");
        Check(!string.IsNullOrWhiteSpace(Description), nameof(Description), "Fortæl kort, hvad der skal ske.");
        Check(Description.Length <= 8000, nameof(Description), "Beskrivelsen må højst være 8.000 tegn.");
        Check(StartUtc.Kind == DateTimeKind.Utc && EndUtc.Kind == DateTimeKind.Utc, nameof(StartUtc), "Tidspunktet er ugyldigt.");
        Check(EndUtc > StartUtc, nameof(EndUtc), "Sluttidspunktet skal ligge efter starttidspunktet.");
        Check(EndUtc - StartUtc <= TimeSpan.FromDays(14), nameof(EndUtc), "Et arrangement kan højst vare 14 dage. Brug gentagelse til noget, der sker flere gange.");
        if (Repeat != Repeat.None)
        {
            var firstDay = DateOnly.FromDateTime(CopenhagenTime.ToLocal(StartUtc));
            Check(RepeatUntil is { } u && u > firstDay, nameof(RepeatUntil), "Vælg en slutdato for gentagelsen, der ligger efter første gang.");
            Check(RepeatUntil is not { } v || v <= firstDay.AddYears(1), nameof(RepeatUntil), "Gentagelsen kan højst løbe et år frem. Opret arrangementet igen, når året er gået.");
            Check(EndUtc - StartUtc < TimeSpan.FromDays(Repeat == Repeat.Weekly ? 7 : 28), nameof(EndUtc), "Et gentaget arrangement skal slutte, før det begynder næste gang.");
        }

        Check((SkippedDates ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Length == Skipped.Count, nameof(SkippedDates), "Aflyste datoer skal skrives som 2026-12-24, adskilt af komma.");

        if (IsOnline)
        {
            Check(SafeUrl.IsAllowed(OnlineUrl) && OnlineUrl!.StartsWith("http", StringComparison.OrdinalIgnoreCase), nameof(OnlineUrl), "Skriv linket til det online arrangement (https://...).");
        }
        else
        {
            Check(!string.IsNullOrWhiteSpace(VenueName) || !string.IsNullOrWhiteSpace(StreetAddress), nameof(VenueName), "Skriv hvor arrangementet foregår: et stednavn eller en adresse.");
            Check(Places.Geography.Denmark.Postal(PostalCode) is not null, nameof(PostalCode), "Skriv et gyldigt dansk postnummer med fire cifre.");
        }

        var municipality = Places.Geography.Denmark.Municipality(MunicipalityCode);
        Check(municipality is not null, nameof(MunicipalityCode), "Vælg kommunen.");
        Check(municipality is null || municipality.Region.Code == RegionCode, nameof(MunicipalityCode), "Kommune og region passer ikke sammen.");
        Check(ImageUrl is null || (SafeUrl.IsAllowed(ImageUrl) && !string.IsNullOrWhiteSpace(ImageAlt)), nameof(ImageAlt), "Beskriv billedet med en alternativ tekst.");
        Check(TargetGroups != TargetGroups.None, nameof(TargetGroups), "Vælg mindst én målgruppe.");
        Check(PriceDkk is null or >= 0 and <= 100_000, nameof(PriceDkk), "Prisen skal være et beløb i kroner.");
        Check(JoinMethod switch
        {
            JoinMethod.Link => SafeUrl.IsAllowed(JoinDetail) && JoinDetail!.StartsWith("http", StringComparison.OrdinalIgnoreCase),
            JoinMethod.Email => JoinDetail is { } mail && System.Net.Mail.MailAddress.TryCreate(mail, out _),
            JoinMethod.Phone => JoinDetail is { } phone && phone.Count(char.IsAsciiDigit) >= 8,
            _ => true,
        }, nameof(JoinDetail), JoinMethod switch
        {
            JoinMethod.Link => "Skriv linket til tilmeldingen (https://...).",
            JoinMethod.Email => "Skriv en gyldig e-mailadresse til tilmelding.",
            _ => "Skriv et telefonnummer med mindst 8 cifre.",
        });
        Check(!string.IsNullOrWhiteSpace(OrganiserName), nameof(OrganiserName), "Skriv hvem der arrangerer.");
        Check(OrganiserUrl is null || SafeUrl.IsAllowed(OrganiserUrl), nameof(OrganiserUrl), "Arrangørens hjemmeside skal starte med https://.");
        return errors;
    }
}
