using System.Text.Json.Serialization;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Newsletter;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// The next events in the reader's municipality. In a newsletter it is filled per recipient when the mail is queued
/// (<c>IssueRenderer</c>); on a web page, which knows no reader, it links to the calendar instead.
/// </summary>
/// <param name="Heading">Shown above the list; without one the mail says which municipality the events are in.</param>
/// <param name="Count">How many events, 1-10; 0 means <see cref="DefaultCount"/>.</param>
public sealed record UpcomingEventsBlock(string? Heading = null, int Count = 0) : Block, IBlockType
{
    public const int DefaultCount = 5;
    public const int MaxCount = 10;

    public static string DisplayName => "Kommende arrangementer i modtagerens kommune";

    public static string Description => "De næste arrangementer fra kalenderen, filtreret efter serie eller kommune.";

    public static string Icon => "calendar";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift", "Valgfri. Tom: \"Kommende arrangementer i [modtagerens kommune] Kommune\"."),
        BlockField.Number("count", "Antal arrangementer", $"Fra 1 til {MaxCount}; 0 eller tomt giver {DefaultCount}."),
    ];

    [JsonIgnore]
    public int EventCount => Count is > 0 and <= MaxCount ? Count : DefaultCount;

    public override IEnumerable<string> Validate()
    {
        if (Heading is { Length: > 120 })
        {
            yield return "Overskriften må højst være 120 tegn.";
        }

        if (Count is < 0 or > MaxCount)
        {
            yield return $"Antallet af arrangementer skal være fra 1 til {MaxCount}.";
        }
    }

    public override async Task WriteMailAsync(BlockMail mail, CancellationToken ct)
    {
        var municipality = mail.MunicipalityCode is { } code ? Features.Places.Geography.Denmark.Municipality(code) : null;
        var heading = Heading ?? (municipality is null ? "Kommende arrangementer i hele landet" : $"Kommende arrangementer i {municipality.Name} Kommune");
        var list = await mail.UpcomingEventsAsync(municipality?.Code, EventCount, ct);
        var all = mail.Absolute(municipality is null ? "/arrangementer" : $"/arrangementer?kommune={municipality.Code}");
        mail.Heading(heading);
        if (list.Count == 0)
        {
            var none = municipality is null ? "Der er ingen kommende arrangementer lige nu." : $"Der er ingen kommende arrangementer i {municipality.Name} Kommune lige nu.";
            mail.Text.Append(none).Append('\n');
            mail.Html.Append(NewsletterTemplate.Paragraph(Encode(none)));
        }
        else
        {
            mail.Html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;\">\n");
            foreach (var e in list)
            {
                var url = mail.Absolute($"/arrangementer/{e.Slug}");
                var when = EventFormat.When(e.StartUtc, e.EndUtc, e.AllDay);
                var where = e.IsOnline ? "Online" : string.Join(", ", new[] { e.VenueName, e.City }.Where(s => !string.IsNullOrWhiteSpace(s)));
                var cancelled = e.IsCancelled ? " (aflyst)" : "";
                mail.Text.Append("* ").Append(e.Title).Append(cancelled).Append('\n')
                    .Append("  ").Append(when).Append(where.Length > 0 ? $", {where}" : "").Append('\n')
                    .Append("  ").Append(url).Append('\n');
                mail.Html.Append($"""<li style="margin:0 0 10px;"><a href="{Encode(url)}" style="{mail.LinkStyle}font-weight:700;">{Encode(e.Title)}</a>{Encode(cancelled)}<br><span style="{mail.SoftStyle}">{Encode(when)}{(where.Length > 0 ? ", " + Encode(where) : "")}</span></li>""").Append('\n');
            }

            mail.Html.Append("</ul>\n");
        }

        mail.Text.Append("Se alle: ").Append(all).Append("\n\n");
        mail.Html.Append(NewsletterTemplate.Paragraph($"""<a href="{Encode(all)}" style="{mail.LinkStyle}">Se alle arrangementer</a>"""));
    }
}
