using System.Globalization;
using Campaign.Web.Setup;
using Campaign.Web.Shared;

namespace Campaign.Web.Features.Events;

/// <summary>Dates, times and prices the way Danes write them: "lørdag 14. marts 2026, kl. 10.00–12.00".</summary>
public static class EventFormat
{
    private static readonly CultureInfo Da = Danish.Culture;

    public static string When(DateTime startUtc, DateTime endUtc, bool allDay)
    {
        var start = CopenhagenTime.ToLocal(startUtc);
        var end = CopenhagenTime.ToLocal(endUtc);
        if (allDay)
        {
            var lastDay = end.AddDays(-1);
            return lastDay.Date <= start.Date ? Day(start) : $"{Day(start)} – {Day(lastDay)}";
        }

        return start.Date == end.Date
            ? $"{Day(start)}, kl. {Time(start)}–{Time(end)}"
            : $"{Day(start)} kl. {Time(start)} – {Day(end)} kl. {Time(end)}";
    }

    public static string Day(DateTime local) => local.ToString("dddd d. MMMM yyyy", Da);

    public static string Time(DateTime local) => local.ToString("HH.mm", Da);

    public static string ShortDay(DateTime utc) => CopenhagenTime.ToLocal(utc).ToString("d.", Da);

    public static string ShortMonth(DateTime utc) => CopenhagenTime.ToLocal(utc).ToString("MMM", Da).TrimEnd('.');

    public static string Weekday(DateTime utc) => CopenhagenTime.ToLocal(utc).ToString("ddd", Da).TrimEnd('.');

    public static string Price(decimal? dkk, string? note) =>
        (dkk is null or 0 ? "Gratis" : $"{dkk.Value.ToString("#,##0.##", Da)} kr.") + (string.IsNullOrWhiteSpace(note) ? "" : $" ({note})");

    public static string Repeats(Repeat repeat, DateOnly? until) => (repeat, until) switch
    {
        (Repeat.Weekly, { } u) => $"Hver uge til og med {u.ToString("d. MMMM yyyy", Da)}",
        (Repeat.Monthly, { } u) => $"Hver måned til og med {u.ToString("d. MMMM yyyy", Da)}",
        _ => "",
    };

    public static string Count(int count, string one, string many) => $"{count.ToString("#,##0", Da)} {(count == 1 ? one : many)}";
}
