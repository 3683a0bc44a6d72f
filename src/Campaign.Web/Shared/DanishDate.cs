using System.Globalization;
using Campaign.Web.Features.Events;

namespace Campaign.Web.Shared;

/// <summary>
/// The one way a typed date is read anywhere on the site (the event form, the listing's fra/til, scheduling, the
/// audit log): ISO as a date picker sends it (2026-03-14) or Danish day first (14-03-2026, 14.03.2026, 14/3/2026).
/// Years are kept to what a campaign calendar can mean, so a slip like 0202 gets a message and date arithmetic
/// further on (the day after an all-day event, a year of repeats) can never overflow.
/// </summary>
public static class DanishDate
{
    public const int FirstYear = 2000;

    /// <summary>How far ahead a date may lie: events are planned a few years out at most.</summary>
    public const int YearsAhead = 5;

    private static readonly string[] Formats = ["yyyy-M-d", "d-M-yyyy", "d.M.yyyy", "d/M/yyyy", "d. M. yyyy"];

    public static int LastYear(DateOnly today) => today.Year + YearsAhead;

    /// <summary>The date, or null: blank gives no message, anything else that is not a usable date gives a Danish one.</summary>
    public static DateOnly? Parse(string? value, DateOnly today, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (!DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = $"Datoen \"{Clip(text)}\" kunne ikke forstås. Skriv den som 2026-03-14.";
            return null;
        }

        if (date.Year < FirstYear || date.Year > LastYear(today))
        {
            error = $"Vælg en dato mellem år {FirstYear} og {LastYear(today)} (du skrev {Clip(text)}).";
            return null;
        }

        return date;
    }

    /// <summary>As <see cref="Parse(string?, DateOnly, out string?)"/>, with today taken in Copenhagen from the clock.</summary>
    public static DateOnly? Parse(string? value, TimeProvider clock, out string? error) =>
        Parse(value, CopenhagenTime.Today(clock), out error);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clip(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
