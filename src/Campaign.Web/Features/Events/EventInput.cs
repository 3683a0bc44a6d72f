using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Features.Media;
using Campaign.Web.Setup;
using Campaign.Web.Shared;

namespace Campaign.Web.Features.Events;

/// <summary>What the event form needs to know besides what was typed.</summary>
/// <param name="Today">Today in Copenhagen: dates before it are refused, and it bounds the years.</param>
/// <param name="DefaultMunicipality">The association's own municipality, used when nothing else says where.</param>
/// <param name="Existing">The saved details of the event being edited, or null for a new one.</param>
/// <param name="Content">The published pages, to check that a chosen series exists.</param>
public sealed record EventInputContext(DateOnly Today, int DefaultMunicipality, EventDetails? Existing, PublishedSnapshot Content);

/// <summary>
/// The event form as posted: everything as typed (so nothing is lost when something must be fixed), read into
/// <see cref="EventDetails"/> here with one Danish message per field. The page only binds, stores the photo
/// and calls the event; <see cref="EventDetails.Validate"/> stays the rule the entity enforces.
/// Every property is nullable so MVC adds no implicit [Required] of its own next to these messages.
/// </summary>
public sealed class EventInput
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)]
    public string? Description { get; set; }
    public Guid? SeriesKey { get; set; }
    public string? Date { get; set; }

    /// <summary>Only for an event that ends on a later day than it starts; blank means the same day.</summary>
    public string? EndDate { get; set; }

    public string? StartTime { get; set; }
    public string? EndTime { get; set; }
    public bool AllDay { get; set; }
    public Repeat Repeat { get; set; }
    public string? RepeatUntil { get; set; }
    public string? SkippedDates { get; set; }
    public bool IsOnline { get; set; }
    public string? OnlineUrl { get; set; }
    public string? VenueName { get; set; }
    public string? StreetAddress { get; set; }
    public string? PostalCode { get; set; }
    public int? MunicipalityCode { get; set; }
    public List<TargetGroups> TargetGroups { get; set; } = [];
    public List<AccessibilityFeatures> Accessibility { get; set; } = [];
    public string? AccessibilityNote { get; set; }
    public string? Price { get; set; }
    public string? PriceNote { get; set; }
    public JoinMethod JoinMethod { get; set; }
    public string? JoinDetail { get; set; }
    public Guid? ImageId { get; set; }
    public int? ImageWidth { get; set; }
    public int? ImageHeight { get; set; }
    public string? ImageAlt { get; set; }
    public bool RemoveImage { get; set; }
    public string? OrganiserName { get; set; }
    public string? OrganiserUrl { get; set; }
    public int Revision { get; set; }

    /// <summary>A new event: the association organises it, for everyone.</summary>
    public static EventInput New(string organiser) => new() { OrganiserName = organiser, TargetGroups = [Events.TargetGroups.Everyone] };

    /// <summary>The saved details as the form shows them.</summary>
    public static EventInput From(EventDetails d, int revision)
    {
        var start = CopenhagenTime.ToLocal(d.StartUtc);
        var end = CopenhagenTime.ToLocal(d.EndUtc);

        // An all-day event ends at midnight after its last day.
        var lastDay = DateOnly.FromDateTime(d.AllDay ? end.AddDays(-1) : end);
        var firstDay = DateOnly.FromDateTime(start);
        return new EventInput
        {
            Title = d.Title,
            Summary = d.Summary,
            Description = d.Description,
            SeriesKey = d.SeriesKey,
            Date = DanishDate.Iso(firstDay),
            EndDate = lastDay > firstDay ? DanishDate.Iso(lastDay) : null,
            StartTime = d.AllDay ? "" : start.ToString("HH:mm", CultureInfo.InvariantCulture),
            EndTime = d.AllDay ? "" : end.ToString("HH:mm", CultureInfo.InvariantCulture),
            AllDay = d.AllDay,
            Repeat = d.Repeat,
            RepeatUntil = d.RepeatUntil is { } until ? DanishDate.Iso(until) : null,
            SkippedDates = d.SkippedDates,
            IsOnline = d.IsOnline,
            OnlineUrl = d.OnlineUrl,
            VenueName = d.VenueName,
            StreetAddress = d.StreetAddress,
            PostalCode = d.PostalCode,
            MunicipalityCode = d.MunicipalityCode,
            TargetGroups = EventTexts.TargetGroupList.Where(t => d.TargetGroups.HasFlag(t.Value)).Select(t => t.Value).ToList(),
            Accessibility = EventTexts.AccessibilityList.Where(a => d.Accessibility.HasFlag(a.Value)).Select(a => a.Value).ToList(),
            AccessibilityNote = d.AccessibilityNote,
            Price = d.PriceDkk?.ToString("0.##", Danish.Culture),
            PriceNote = d.PriceNote,
            JoinMethod = d.JoinMethod,
            JoinDetail = d.JoinDetail,
            OrganiserName = d.OrganiserName,
            OrganiserUrl = d.OrganiserUrl,
            ImageId = d.ImageId,
            ImageWidth = d.ImageWidth,
            ImageHeight = d.ImageHeight,
            ImageAlt = d.ImageAlt,
            Revision = revision,
        };
    }

    /// <summary>A copy for a new date: everything but when it happens, which the organiser sets anew.</summary>
    public EventInput AsCopy()
    {
        var copy = (EventInput)MemberwiseClone();
        (copy.Date, copy.EndDate, copy.RepeatUntil, copy.SkippedDates, copy.Revision) = (null, null, null, null, 0);
        return copy;
    }

    /// <summary>
    /// The form as details, or null. Every problem found is in <paramref name="errors"/>, keyed by the name of the
    /// field here, so the form can show them all at once and link each to its field.
    /// </summary>
    public EventDetails? ToDetails(EventInputContext context, IDictionary<string, string> errors)
    {
        void Fail(string field, string message) => errors.TryAdd(field, message);
        var before = errors.Count;

        var date = DanishDate.Parse(Date, context.Today, out var dateError);
        if (date is null)
        {
            Fail(nameof(Date), dateError ?? "Skriv datoen, fx 14-03-2027.");
        }
        else if (date < context.Today && !SameFirstDay(date.Value, context.Existing))
        {
            // An edit that keeps an earlier first date (a weekly café that has begun) is fine; a new date must lie ahead.
            Fail(nameof(Date), $"Datoen {Danish.Date(date.Value)} er passeret. Vælg en dato fra i dag og frem.");
        }

        var endDate = DanishDate.Parse(EndDate, context.Today, out var endDateError);
        if (endDateError is not null)
        {
            Fail(nameof(EndDate), endDateError);
        }
        else if (endDate is { } last && date is { } first && last < first)
        {
            Fail(nameof(EndDate), "Slutdatoen ligger før startdatoen. Ret en af dem.");
        }

        TimeOnly start = TimeOnly.MinValue, end = TimeOnly.MinValue;
        if (!AllDay)
        {
            if (!TryTime(StartTime, out start))
            {
                Fail(nameof(StartTime), "Skriv hvornår arrangementet begynder, fx 10:00.");
            }

            if (!TryTime(EndTime, out end))
            {
                Fail(nameof(EndTime), "Skriv hvornår arrangementet slutter, fx 12:00.");
            }
        }

        DateOnly? until = null;
        if (Repeat != Repeat.None)
        {
            until = DanishDate.Parse(RepeatUntil, context.Today, out var untilError);
            if (until is null)
            {
                Fail(nameof(RepeatUntil), untilError ?? "Skriv til og med hvilken dato arrangementet gentages.");
            }
        }

        var skipped = ParseSkipped(context.Today, out var skippedError);
        if (skippedError is not null)
        {
            Fail(nameof(SkippedDates), skippedError);
        }

        decimal? price = null;
        if (!string.IsNullOrWhiteSpace(Price))
        {
            if (decimal.TryParse(Price.Replace("kr.", "", StringComparison.OrdinalIgnoreCase).Trim(), NumberStyles.Number, Danish.Culture, out var p))
            {
                price = p;
            }
            else
            {
                Fail(nameof(Price), "Skriv prisen som et tal i kroner, fx 40. Lad feltet stå tomt, hvis det er gratis.");
            }
        }

        if (errors.Count > before || date is not { } day)
        {
            return null;
        }

        var lastDay = endDate ?? day;
        DateTime startUtc, endUtc;
        if (AllDay)
        {
            startUtc = CopenhagenTime.StartOfDay(day);
            endUtc = CopenhagenTime.StartOfDay(lastDay.AddDays(1));
        }
        else
        {
            if (CopenhagenTime.ToUtc(day, start) is not { } s || CopenhagenTime.ToUtc(lastDay, end) is not { } e)
            {
                Fail(nameof(StartTime), "Det klokkeslæt findes ikke den dag, fordi uret stilles en time frem. Vælg et andet tidspunkt.");
                return null;
            }

            (startUtc, endUtc) = (s, e);
            if (endUtc <= startUtc)
            {
                Fail(nameof(EndTime), endDate is null
                    ? $"Arrangementet slutter kl. {end:HH\\.mm}, før det begynder kl. {start:HH\\.mm}. Slutter det dagen efter, så skriv datoen i feltet Slutdato."
                    : "Sluttidspunktet skal ligge efter starttidspunktet.");

                // Read on, so the rest of the form's messages show at the same time.
                endUtc = startUtc.AddHours(1);
            }
        }

        var municipality = MunicipalityCode;
        var postalChanged = context.Existing is { } existing && PostalCode?.Trim() != existing.PostalCode && municipality == existing.MunicipalityCode;
        if (!IsOnline && (municipality is null || postalChanged) && Places.Geography.Denmark.Postal(PostalCode?.Trim()) is { } district)
        {
            // Found from the postal code (also when the address moved and the municipality was left as it was);
            // the organiser can correct it where a code spans two municipalities.
            municipality = district.Municipality.Code;
        }

        var postal = Places.Geography.Denmark.Postal(PostalCode?.Trim());
        var keepImage = !RemoveImage && ImageId is not null && ImageWidth is > 0 && ImageHeight is > 0;
        var details = new EventDetails
        {
            Title = Title?.Trim() ?? "",
            Summary = Blank(Summary),
            Description = Description?.Trim() ?? "",
            SeriesKey = SeriesKey is { } series && context.Content.FindById(series)?.Type == ContentTypes.EventSeries ? series : null,
            StartUtc = startUtc,
            EndUtc = endUtc,
            AllDay = AllDay,
            Repeat = Repeat,
            RepeatUntil = until,
            SkippedDates = skipped,
            IsOnline = IsOnline,
            OnlineUrl = IsOnline ? Blank(OnlineUrl) : null,
            VenueName = IsOnline ? null : Blank(VenueName),
            StreetAddress = IsOnline ? null : Blank(StreetAddress),
            PostalCode = IsOnline ? null : Blank(PostalCode),
            City = IsOnline ? null : postal?.Name,
            TargetGroups = TargetGroups.Aggregate(Events.TargetGroups.None, (a, b) => a | b),
            Accessibility = Accessibility.Aggregate(AccessibilityFeatures.None, (a, b) => a | b),
            AccessibilityNote = Blank(AccessibilityNote),
            PriceDkk = price,
            PriceNote = Blank(PriceNote),
            JoinMethod = JoinMethod,
            JoinDetail = JoinMethod == JoinMethod.NoSignup ? null : Blank(JoinDetail),
            ImageId = keepImage ? ImageId : null,
            ImageWidth = keepImage ? ImageWidth : null,
            ImageHeight = keepImage ? ImageHeight : null,
            ImageUrl = keepImage ? MediaEndpoints.DefaultUrl(ImageId!.Value, ImageWidth!.Value) : null,
            ImageAlt = keepImage ? Blank(ImageAlt) : null,
            OrganiserName = OrganiserName?.Trim() ?? "",
            OrganiserUrl = Blank(OrganiserUrl),
        }.WithMunicipality(municipality ?? context.DefaultMunicipality);

        // The entity's own rules, here too, so every message shows at once and next to its field.
        foreach (var (field, message) in details.Validate())
        {
            Fail(FieldFor(field, endDate is not null), message);
        }

        return errors.Count > before ? null : details;
    }

    /// <summary>The form field that holds a field of <see cref="EventDetails"/>, for its message.</summary>
    public static string FieldFor(string detailsField, bool hasEndDate = false) => detailsField switch
    {
        nameof(EventDetails.StartUtc) => nameof(StartTime),
        nameof(EventDetails.EndUtc) => hasEndDate ? nameof(EndDate) : nameof(EndTime),
        nameof(EventDetails.PriceDkk) => nameof(Price),
        nameof(EventDetails.ImageAlt) or nameof(EventDetails.ImageUrl) => nameof(ImageAlt),
        _ => detailsField,
    };

    private static bool SameFirstDay(DateOnly date, EventDetails? existing) =>
        existing is not null && DateOnly.FromDateTime(CopenhagenTime.ToLocal(existing.StartUtc)) == date;

    /// <summary>The skipped dates as the details keep them (ISO, comma separated), read as any other date.</summary>
    private string? ParseSkipped(DateOnly today, out string? error)
    {
        error = null;
        var dates = new List<string>();
        foreach (var part in (SkippedDates ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (DanishDate.Parse(part, today, out var partError) is { } date)
            {
                dates.Add(DanishDate.Iso(date));
            }
            else
            {
                error ??= partError is null ? null : $"Aflyste datoer: {partError}";
            }
        }

        return dates.Count == 0 ? null : string.Join(", ", dates);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim().Replace('.', ':') ?? "", ["HH:mm", "H:mm", "HH", "H"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
