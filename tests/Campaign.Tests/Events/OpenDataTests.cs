using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>Open data as a partner's system and a search engine see it: sitemap, Atom dates, OpenAPI, CSV and the API's limit.</summary>
public sealed class OpenDataTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private static readonly XNamespace SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace AtomNs = "http://www.w3.org/2005/Atom";

    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sitemap_lists_the_listing_and_public_event_pages_with_lastmod_but_no_draft_or_pending_event()
    {
        var word = UniqueWord();
        var published = await App.PublishAsync(On($"Kortspil {word}", Roedovre, Today.AddDays(9)));
        var cancelled = await App.SaveEventAsync(On($"Aflyst kortspil {word}", Roedovre, Today.AddDays(10)), EventStatus.Cancelled);
        var pending = await App.SaveEventAsync(On($"Ventende kortspil {word}", Roedovre, Today.AddDays(11)), EventStatus.Pending);
        var draft = await App.SaveEventAsync(On($"Kladde kortspil {word}", Roedovre, Today.AddDays(12)), EventStatus.Draft);

        var response = await App.Client().GetAsync("/sitemap.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var urls = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements(SitemapNs + "url")
            .ToDictionary(u => u.Element(SitemapNs + "loc")!.Value, u => u.Element(SitemapNs + "lastmod")?.Value);
        Assert.Contains("http://localhost/arrangementer", urls.Keys);
        Assert.Contains("http://localhost/", urls.Keys);
        Assert.Equal(Stamp(published.UpdatedAt), urls[$"http://localhost/arrangementer/{published.Slug}"]);
        Assert.Equal(Stamp(cancelled.UpdatedAt), urls[$"http://localhost/arrangementer/{cancelled.Slug}"]);
        Assert.DoesNotContain($"http://localhost/arrangementer/{pending.Slug}", urls.Keys);
        Assert.DoesNotContain($"http://localhost/arrangementer/{draft.Slug}", urls.Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync("/sitemap-1.xml")).StatusCode);
    }

    [Fact]
    public async Task Sitemap_becomes_an_index_of_parts_past_the_urls_per_file()
    {
        await using var small = new CampaignApp().With("Site:SitemapUrlsPerFile", "4");
        var evt = await small.PublishAsync(On("Strikkeklub i Rødovre", Roedovre, Today.AddDays(5)));
        var client = small.Client();

        var index = XDocument.Parse(await client.GetStringAsync("/sitemap.xml")).Root!;

        Assert.Equal(SitemapNs + "sitemapindex", index.Name);
        var parts = index.Elements(SitemapNs + "sitemap").Select(s => s.Element(SitemapNs + "loc")!.Value).ToList();
        Assert.True(parts.Count > 1);
        Assert.Equal(Enumerable.Range(1, parts.Count).Select(i => $"http://localhost/sitemap-{i}.xml"), parts);
        var locs = new List<string>();
        foreach (var part in parts)
        {
            var urlset = XDocument.Parse(await client.GetStringAsync(new Uri(part).PathAndQuery)).Root!;
            Assert.Equal(SitemapNs + "urlset", urlset.Name);
            var inPart = urlset.Elements(SitemapNs + "url").Select(u => u.Element(SitemapNs + "loc")!.Value).ToList();
            Assert.InRange(inPart.Count, 1, 4);
            locs.AddRange(inPart);
        }

        Assert.Equal(locs.Count, locs.Distinct().Count());
        Assert.Contains("http://localhost/arrangementer", locs);
        Assert.Contains($"http://localhost/arrangementer/{evt.Slug}", locs);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/sitemap-{parts.Count + 1}.xml")).StatusCode);
    }

    [Fact]
    public async Task Atom_entries_are_updated_when_the_event_changed_not_when_it_starts()
    {
        var word = UniqueWord();
        var first = await App.PublishAsync(On($"Højskoledag {word}", Aarhus, Today.AddDays(60)));
        var second = await App.PublishAsync(On($"Sangaften {word}", Aarhus, Today.AddDays(61)));
        await Task.Delay(1100);
        var changed = await App.UpdateEventAsync(first.Id, d => d with { Summary = "Nu med kaffe." });

        var feed = XDocument.Parse(await App.Client().GetStringAsync($"/arrangementer/feed.xml?q={word}")).Root!;

        var entries = feed.Elements(AtomNs + "entry").ToDictionary(
            e => e.Element(AtomNs + "link")!.Attribute("href")!.Value, e => e.Element(AtomNs + "updated")!.Value);
        Assert.Equal(Stamp(changed.UpdatedAt), entries[$"http://localhost/arrangementer/{first.Slug}"]);
        Assert.Equal(Stamp(second.UpdatedAt), entries[$"http://localhost/arrangementer/{second.Slug}"]);
        Assert.NotEqual(Stamp(first.Details.StartUtc), entries[$"http://localhost/arrangementer/{first.Slug}"]);
        Assert.Equal(Stamp(changed.UpdatedAt), feed.Element(AtomNs + "updated")!.Value);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_parameters_and_the_real_json()
    {
        var word = UniqueWord();
        await App.PublishAsync(On($"March {word}", Roedovre, Today.AddDays(15)) with { SeriesKey = DemoEvents.MarchSeries, PriceDkk = 20 });
        var client = App.Client();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json"));
        using var real = JsonDocument.Parse(await client.GetStringAsync($"/api/events?q={word}"));

        var root = doc.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var get = root.GetProperty("paths").GetProperty("/api/events").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "fra", "kommune", "maalgruppe", "periode", "q", "region", "serie", "side", "size", "tidligere", "til" },
            parameters.Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(parameters, p =>
        {
            Assert.Equal("query", p.GetProperty("in").GetString());
            Assert.Contains(" / ", p.GetProperty("description").GetString());
        });
        Assert.True(root.GetProperty("paths").TryGetProperty("/api/events.csv", out _));
        Assert.False(root.GetProperty("paths").TryGetProperty("/arrangementer.ics", out _));

        var page = Resolve(root, get.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(Keys(real.RootElement), Properties(page));
        var item = Resolve(root, page.GetProperty("properties").GetProperty("items").GetProperty("items"));
        var realItem = real.RootElement.GetProperty("items")[0];
        Assert.Equal(Keys(realItem), Properties(item));
        foreach (var nested in new[] { "municipality", "region", "series" })
        {
            Assert.Equal(Keys(realItem.GetProperty(nested)), Properties(Resolve(root, item.GetProperty("properties").GetProperty(nested))));
        }
    }

    [Fact]
    public async Task Csv_holds_the_same_events_as_the_json_and_neutralises_formulas()
    {
        var word = UniqueWord();
        await App.PublishAsync(On($"=HYPERLINK(\"http://x\") {word}", Hvidovre, Today.AddDays(30)));
        await App.PublishAsync(On($"Kaffe; kage og \"snak\" {word}", Hvidovre, Today.AddDays(31)));
        await App.PublishAsync(On($"Gåtur i Aarhus {word}", Aarhus, Today.AddDays(32)));
        var client = App.Client();

        var json = await EventListing.ApiAsync(client, $"/api/events?q={word}&kommune=167");
        var response = await client.GetAsync($"/api/events.csv?q={word}&kommune=167");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), ';');
        Assert.Equal(EventsCsv.Columns, rows[0]);
        var data = rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(2, json.Items.Count);
        Assert.Equal(json.Items.Select(i => i.Id.ToString()), data.Select(d => d["id"]));
        Assert.Equal(json.Items.Select(i => i.Url), data.Select(d => d["url"]));
        Assert.Equal(json.Items.Select(i => i.Municipality.Name), data.Select(d => d["municipality.name"]));
        Assert.Equal($"'=HYPERLINK(\"http://x\") {word}", data[0]["title"]);
        Assert.Equal($"Kaffe; kage og \"snak\" {word}", data[1]["title"]);

        var bad = await client.GetAsync("/api/events.csv?size=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("size", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reference_page_lists_the_endpoints_and_is_linked_from_the_footer()
    {
        var html = await App.Client().GetStringAsync("/api");

        Assert.Contains("/api/events.csv", html);
        Assert.Contains("/api/openapi.json", html);
        Assert.Contains("429", html);
        Assert.Contains("Creative Commons", html);
        Assert.Contains("<a href=\"/api\">Åbne data</a>", await App.Client().GetStringAsync("/arrangementer"));
    }

    [Fact]
    public async Task Api_is_rate_limited_per_address_with_a_danish_problem_and_retry_after()
    {
        await using var limited = new CampaignApp().With("Abuse:ApiPermitsPerMinute", "2");
        var client = limited.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/events.csv")).StatusCode);
        var refused = await client.GetAsync("/api/events");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("For mange forespørgsler", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/arrangementer")).StatusCode);
    }

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static List<string> Properties(JsonElement schema) => [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>Follows $ref, and the oneOf/anyOf that OpenAPI 3.1 uses for a nullable reference, to the schema with properties.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    var resolved = Resolve(document, option);
                    if (resolved.TryGetProperty("properties", out _))
                    {
                        return resolved;
                    }
                }
            }
        }

        return schema;
    }

    /// <summary>An RFC 4180 reader, written apart from the app's writer so the test reads what a spreadsheet would.</summary>
    private static List<string[]> ParseCsv(string text, char separator)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted);
        Assert.Empty(row);
        return rows;
    }
}
