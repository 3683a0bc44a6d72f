using System.Globalization;
using System.Text;

namespace Campaign.Web.Features.Events.Calendar;

/// <summary>
/// One event as published in the public calendar feed. All instants are UTC. For all-day events
/// <paramref name="StartUtc"/> is local midnight (Europe/Copenhagen) of the first day and
/// <paramref name="EndUtc"/> local midnight of the day after the last day.
/// </summary>
/// <param name="Uid">Stable, globally unique id; calendar clients match updates on it.</param>
/// <param name="Sequence">Bumped on every significant change so clients replace their copy.</param>
/// <param name="Url">Absolute link to the event page.</param>
public sealed record CalendarEvent(
    string Uid,
    int Sequence,
    string Summary,
    string? Description,
    string? Location,
    string Url,
    DateTime StartUtc,
    DateTime EndUtc,
    bool AllDay,
    bool Cancelled,
    DateTime LastModifiedUtc,
    string? OrganizerName,
    CalendarRecurrence? Recurrence,
    string[]? Categories = null);

/// <summary>
/// A simple repeating series: every week, or every month on the day of month of the first
/// occurrence, up to and including <paramref name="Until"/> (a Copenhagen calendar date), without
/// the dates in <paramref name="Skipped"/>.
/// </summary>
public sealed record CalendarRecurrence(RecurrenceFrequency Frequency, DateOnly Until, IReadOnlyList<DateOnly> Skipped);

public enum RecurrenceFrequency
{
    Weekly,
    Monthly,
}

/// <summary>
/// Writes an RFC 5545 iCalendar feed. The result is text; send it as UTF-8 without a byte order
/// mark (<c>text/calendar; charset=utf-8</c>), because line folding is measured in UTF-8 octets.
/// </summary>
public static class CalendarWriter
{
    public const string TimeZoneId = "Europe/Copenhagen";

    // RFC 5545 3.1: a content line SHOULD NOT be longer than 75 octets, excluding the line break.
    const int MaxLineOctets = 75;

    // Conversions use the system's IANA data (tzdata is in the ASP.NET runtime image) rather than
    // a copy of the EU rule; the VTIMEZONE below states the same rule for clients without it.
    static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    // Clients that do not know the IANA name (older Outlook, some Android apps) can only resolve
    // TZID=Europe/Copenhagen through this definition, so it is always written, even for a feed
    // with only all-day events; it also keeps an empty feed valid (RFC 5545 wants at least one
    // component). Current EU rule: CEST from the last Sunday of March 02:00 local, CET from the
    // last Sunday of October 03:00 local.
    static readonly string[] TimeZoneLines =
    [
        "BEGIN:VTIMEZONE",
        "TZID:" + TimeZoneId,
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ];

    /// <summary>Writes a complete VCALENDAR with one VEVENT per event.</summary>
    /// <param name="nowUtc">Becomes DTSTAMP; passed in so output is reproducible and testable.</param>
    public static string Write(string calendarName, IEnumerable<CalendarEvent> events, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(calendarName);
        ArgumentNullException.ThrowIfNull(events);

        var output = new ContentLineWriter();
        output.Line("BEGIN:VCALENDAR");
        output.Line("VERSION:2.0");
        output.Line("PRODID:-//Social- og Boligstyrelsen//Tal om ensomhed//DA");
        output.Line("CALSCALE:GREGORIAN");
        output.Line("METHOD:PUBLISH");
        output.Line("X-WR-CALNAME:" + EscapeText(calendarName));
        output.Line("X-WR-TIMEZONE:" + TimeZoneId);
        foreach (var line in TimeZoneLines)
        {
            output.Line(line);
        }

        var stamp = FormatUtc(AsUtc(nowUtc));
        foreach (var calendarEvent in events)
        {
            WriteEvent(output, calendarEvent, stamp);
        }

        output.Line("END:VCALENDAR");
        return output.ToString();
    }

    /// <summary>Writes a VCALENDAR holding one event, for an "add to calendar" download.</summary>
    public static string Write(string calendarName, CalendarEvent calendarEvent, DateTime nowUtc) =>
        Write(calendarName, [calendarEvent], nowUtc);

    static void WriteEvent(ContentLineWriter output, CalendarEvent e, string stamp)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Without a UID clients cannot recognise the event on the next refresh and duplicate it.
        if (string.IsNullOrWhiteSpace(e.Uid))
        {
            throw new ArgumentException("Every calendar event needs a UID.", nameof(e));
        }

        var startUtc = AsUtc(e.StartUtc);
        var endUtc = AsUtc(e.EndUtc);

        output.Line("BEGIN:VEVENT");
        output.Line("UID:" + EscapeText(e.Uid));
        output.Line("DTSTAMP:" + stamp);
        // SEQUENCE is a non-negative integer (RFC 5545 3.8.7.4); a negative value would make
        // strict parsers drop the event.
        output.Line("SEQUENCE:" + Math.Max(0, e.Sequence).ToString(CultureInfo.InvariantCulture));
        output.Line("LAST-MODIFIED:" + FormatUtc(AsUtc(e.LastModifiedUtc)));

        if (e.AllDay)
        {
            var firstDay = LocalDate(startUtc, roundUp: false);
            // DTEND of a date event is exclusive. Rounding a non-midnight end up keeps the last
            // day in the event, and a one-day minimum keeps DTEND after DTSTART as required.
            var dayAfterLast = LocalDate(endUtc, roundUp: true);
            if (dayAfterLast <= firstDay)
            {
                dayAfterLast = firstDay.AddDays(1);
            }

            output.Line("DTSTART;VALUE=DATE:" + FormatDate(firstDay));
            output.Line("DTEND;VALUE=DATE:" + FormatDate(dayAfterLast));
        }
        else
        {
            // A series must keep its local wall-clock time across DST changes, which only the
            // TZID form does; a single event may fall back to UTC to stay exact (see DateTimeValue).
            var keepLocal = e.Recurrence is not null;
            output.Line("DTSTART" + DateTimeValue(startUtc, keepLocal));
            // DTEND must be later than DTSTART; without it the event is simply an instant.
            if (endUtc > startUtc)
            {
                output.Line("DTEND" + DateTimeValue(endUtc, keepLocal));
            }
        }

        if (e.Recurrence is { } recurrence)
        {
            WriteRecurrence(output, recurrence, e.AllDay, startUtc);
        }

        output.Line("SUMMARY:" + EscapeText(e.Summary));
        if (Describe(e) is { } description)
        {
            output.Line("DESCRIPTION:" + EscapeText(description));
        }

        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            output.Line("LOCATION:" + EscapeText(e.Location.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(e.Url))
        {
            output.Line("URL:" + CleanUri(e.Url));
        }

        output.Line("STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));

        var categories = (e.Categories ?? [])
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => EscapeText(c.Trim()))
            .ToList();
        if (categories.Count > 0)
        {
            // The commas between values separate the list; commas inside a value were escaped.
            output.Line("CATEGORIES:" + string.Join(',', categories));
        }

        output.Line("END:VEVENT");
    }

    static void WriteRecurrence(ContentLineWriter output, CalendarRecurrence recurrence, bool allDay, DateTime startUtc)
    {
        // MONTHLY without BYMONTHDAY repeats on DTSTART's day of month (RFC 5545 3.3.10); months
        // without that day (the 31st in April) are skipped rather than moved.
        var frequency = recurrence.Frequency switch
        {
            RecurrenceFrequency.Weekly => "WEEKLY",
            RecurrenceFrequency.Monthly => "MONTHLY",
            _ => throw new ArgumentOutOfRangeException(nameof(recurrence), recurrence.Frequency, "Unknown recurrence frequency."),
        };

        // RFC 5545 3.3.10: UNTIL must have DTSTART's value type, and be UTC when DTSTART has a
        // TZID. The last second of the Until day in Copenhagen includes an occurrence that day.
        var until = allDay
            ? FormatDate(recurrence.Until)
            : FormatUtc(TimeZoneInfo.ConvertTimeToUtc(recurrence.Until.ToDateTime(new TimeOnly(23, 59, 59)), Copenhagen));
        output.Line($"RRULE:FREQ={frequency};UNTIL={until}");

        // An EXDATE only removes an occurrence when it matches its start exactly, so it carries
        // the series' local start time. One property per date keeps each line short.
        var localStart = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(startUtc, Copenhagen));
        foreach (var skipped in recurrence.Skipped.Distinct().Order())
        {
            output.Line(allDay
                ? "EXDATE;VALUE=DATE:" + FormatDate(skipped)
                : $"EXDATE;TZID={TimeZoneId}:{FormatLocal(skipped.ToDateTime(localStart))}");
        }
    }

    /// <summary>
    /// ";TZID=Europe/Copenhagen:local" or, for the second 02:00-02:59 on the last Sunday of
    /// October, ":utcZ". RFC 5545 3.3.5 reads an ambiguous local time as its first occurrence
    /// (CEST), so the TZID form would put a CET instant an hour early.
    /// </summary>
    static string DateTimeValue(DateTime utc, bool keepLocal)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Copenhagen);
        if (!keepLocal
            && Copenhagen.IsAmbiguousTime(local)
            && Copenhagen.GetUtcOffset(utc) < Copenhagen.GetAmbiguousTimeOffsets(local).Max())
        {
            return ":" + FormatUtc(utc);
        }

        return $";TZID={TimeZoneId}:{FormatLocal(local)}";
    }

    static DateOnly LocalDate(DateTime utc, bool roundUp)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Copenhagen);
        var date = DateOnly.FromDateTime(local);
        return roundUp && local.TimeOfDay > TimeSpan.Zero ? date.AddDays(1) : date;
    }

    // Calendars have no field for an organiser without an e-mail address: ORGANIZER is a
    // CAL-ADDRESS, and clients offer to reply to it, so a made-up mailbox would be worse than
    // none (RFC 5545 only requires ORGANIZER for group-scheduled events). The name goes here.
    static string? Describe(CalendarEvent e)
    {
        var parts = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(e.Description))
        {
            parts.Add(e.Description.Trim());
        }

        if (!string.IsNullOrWhiteSpace(e.OrganizerName))
        {
            parts.Add("Arrangør: " + e.OrganizerName.Trim());
        }

        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    /// <summary>Escapes a TEXT value (RFC 5545 3.3.11).</summary>
    internal static string EscapeText(string value)
    {
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\n': escaped.Append(@"\n"); break;
                // CRLF already yields \n through its LF; a bare CR is not allowed in TEXT.
                case '\r': break;
                case '\t': escaped.Append(c); break;
                default:
                    // Other control characters are not allowed in TEXT and make strict parsers
                    // reject the whole feed.
                    if (c >= ' ' && c != '\u007F')
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    // URI values are not TEXT-escaped (a comma is legal in a URL), but a line break would end the
    // property and let the rest of the value inject properties, so controls go and spaces are
    // percent-encoded.
    static string CleanUri(string uri)
    {
        var cleaned = new StringBuilder(uri.Length);
        foreach (var c in uri.Trim())
        {
            if (c == ' ')
            {
                cleaned.Append("%20");
            }
            else if (c > ' ' && c != '\u007F')
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString();
    }

    // Entity stores (EF Core on SQLite) hand back DateTime with Kind Unspecified; the contract
    // says these are UTC. A Local value is converted rather than misread as UTC.
    static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    static string FormatUtc(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    static string FormatLocal(DateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Collects content lines, each folded to 75 octets and ended with CRLF.</summary>
    sealed class ContentLineWriter
    {
        readonly StringBuilder text = new();

        public void Line(string line)
        {
            // Count UTF-8 octets per Unicode scalar so a fold never splits a multi-byte character
            // (æ, ø, å are two octets) or a surrogate pair. Lone surrogates become U+FFFD here,
            // exactly as the UTF-8 encoder would write them, so the count stays true.
            Span<char> utf16 = stackalloc char[2];
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var length = rune.Utf8SequenceLength;
                if (octets + length > MaxLineOctets)
                {
                    // The leading space of a continuation line counts towards its 75 octets.
                    text.Append("\r\n ");
                    octets = 1;
                }

                text.Append(utf16[..rune.EncodeToUtf16(utf16)]);
                octets += length;
            }

            text.Append("\r\n");
        }

        public override string ToString() => text.ToString();
    }
}
