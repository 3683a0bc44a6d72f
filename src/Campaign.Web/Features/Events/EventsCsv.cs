using System.Globalization;
using System.Text;

namespace Campaign.Web.Features.Events;

/// <summary>
/// Public events as CSV for spreadsheets: UTF-8 with a byte order mark (else Excel reads æøå as Windows-1252),
/// semicolons between fields (Danish Excel takes the comma as the decimal sign), RFC 4180 quoting and CRLF lines.
/// The header names are the JSON field names of /api/events, nested ones joined with a dot.
/// </summary>
public static class EventsCsv
{
    public const char Separator = ';';

    public static readonly string[] Columns =
    [
        "id", "title", "url", "start", "end", "allDay", "status", "cancelled", "municipality.code", "municipality.name",
        "region.code", "region.name", "series.slug", "series.name", "summary", "online", "venue", "city", "targetGroups",
        "free", "priceDkk", "organiser", "ics",
    ];

    public static byte[] Write(IEnumerable<EventsApi.ApiEvent> events)
    {
        var text = new StringBuilder();
        Line(text, Columns);
        foreach (var e in events)
        {
            Line(text,
            [
                e.Id.ToString(), e.Title, e.Url, Stamp(e.Start), Stamp(e.End), Bool(e.AllDay), e.Status, Bool(e.Cancelled),
                e.Municipality.Code.ToString(CultureInfo.InvariantCulture), e.Municipality.Name,
                e.Region.Code.ToString(CultureInfo.InvariantCulture), e.Region.Name, e.Series?.Slug, e.Series?.Name, e.Summary,
                Bool(e.Online), e.Venue, e.City, string.Join(",", e.TargetGroups), Bool(e.Free),
                e.PriceDkk?.ToString("0.##", CultureInfo.InvariantCulture), e.Organiser, e.Ics,
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// One field, RFC 4180 quoted when needed. A text an organiser wrote that starts with = + - @ (or a tab or carriage
    /// return) would run as a formula in a spreadsheet, so it gets a leading apostrophe and stays text.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([Separator, '"', '\r', '\n', ',']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder text, IEnumerable<string?> fields) =>
        text.Append(string.Join(Separator, fields.Select(Field))).Append("\r\n");

    private static string Stamp(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
