using System.Text.Json;
using System.Text.Json.Nodes;
using Campaign.Web.Content;

namespace Campaign.Web.Features.Events;

/// <summary>The schema.org Event description search engines read from an event page.</summary>
public static class EventJsonLd
{
    // The default encoder escapes < and >, so no text can close the script element the JSON sits in.
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string For(Event evt, PublishedPage? series, string baseUrl, EventOccurrence? next)
    {
        var d = evt.Details;
        var start = next?.StartUtc ?? d.StartUtc;
        var end = next?.EndUtc ?? d.EndUtc;
        var municipality = Places.Geography.Denmark.Municipality(d.MunicipalityCode);
        var url = $"{baseUrl}/arrangementer/{evt.Slug}";

        JsonNode location = d.IsOnline
            ? new JsonObject { ["@type"] = "VirtualLocation", ["url"] = d.OnlineUrl }
            : new JsonObject
            {
                ["@type"] = "Place",
                ["name"] = d.VenueName ?? d.StreetAddress,
                ["address"] = new JsonObject
                {
                    ["@type"] = "PostalAddress",
                    ["streetAddress"] = d.StreetAddress,
                    ["postalCode"] = d.PostalCode,
                    ["addressLocality"] = d.City,
                    ["addressRegion"] = municipality?.Region.Name,
                    ["addressCountry"] = "DK",
                },
            };

        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = d.Title,
            ["description"] = d.Summary ?? MarkdownRenderer.ToPlainText(d.Description),
            ["url"] = url,
            ["startDate"] = Stamp(start, d.AllDay),
            ["endDate"] = Stamp(d.AllDay ? end.AddDays(-1) : end, d.AllDay),
            ["eventStatus"] = evt.Status == EventStatus.Cancelled ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
            ["eventAttendanceMode"] = d.IsOnline ? "https://schema.org/OnlineEventAttendanceMode" : "https://schema.org/OfflineEventAttendanceMode",
            ["location"] = location,
            ["organizer"] = new JsonObject { ["@type"] = "Organization", ["name"] = d.OrganiserName, ["url"] = d.OrganiserUrl },
            ["isAccessibleForFree"] = d.IsFree,
            ["offers"] = new JsonObject
            {
                ["@type"] = "Offer",
                ["price"] = (d.PriceDkk ?? 0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                ["priceCurrency"] = "DKK",
                ["url"] = url,
                ["availability"] = "https://schema.org/InStock",
            },
            ["inLanguage"] = "da",
        };
        if (d.ImageUrl is { } image)
        {
            json["image"] = image.StartsWith('/') ? baseUrl + image : image;
        }

        if (series is not null)
        {
            json["superEvent"] = new JsonObject { ["@type"] = "EventSeries", ["name"] = series.Title, ["url"] = baseUrl + series.Url };
        }

        RemoveNulls(json);
        return json.ToJsonString(Options);
    }

    /// <summary>ISO 8601 with the Copenhagen offset (2026-03-29T10:00:00+02:00), or a date for all-day events.</summary>
    public static string Stamp(DateTime utc, bool allDay) =>
        allDay ? CopenhagenTime.ToLocal(utc).ToString("yyyy-MM-dd") : CopenhagenTime.ToOffset(utc).ToString("yyyy-MM-dd'T'HH:mm:sszzz");

    private static void RemoveNulls(JsonObject node)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (value is null)
            {
                node.Remove(key);
            }
            else if (value is JsonObject child)
            {
                RemoveNulls(child);
            }
        }
    }
}
