using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events.Calendar;
using Campaign.Web.Features.Search;
using Campaign.Web.Features.Site;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Events;

/// <summary>The calendar for machines: JSON for other sites (CORS, read-only), iCalendar for calendar apps, Atom for feed readers.</summary>
public static class EventsApi
{
    public const string CorsPolicy = "public-read";
    public const string ApiRateLimit = "api";

    public static void AddEventsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").AllowAnyHeader()));

        // The OpenAPI document describes the public API only (not the feeds, media or health endpoints).
        builder.Services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/events", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Tal om ensomhed – arrangementer (åbne data / open data)";
                document.Info.Version = "1";
                document.Info.Description =
                    "Offentlige arrangementer i kampagnen som JSON og CSV. Læs vilkår, eksempler og grænser på /api. " +
                    "Public events of the campaign as JSON and CSV; terms, examples and rate limits on /api. " +
                    "Licens / licence: CC BY 4.0 (kilde: Tal om ensomhed).";
                return Task.CompletedTask;
            });
        });

        // Per IP, shared by the nodes with Redis. It counts before the output cache answers, so a client that asks the
        // same cached question in a loop is limited too; a calendar app or a partner's nightly import stays far below.
        builder.Services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(ApiRateLimit, context => SharedRateLimits.FixedWindow(context, ApiRateLimit,
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                context.RequestServices.GetRequiredService<IOptions<AbuseOptions>>().Value.ApiPermitsPerMinute,
                TimeSpan.FromMinutes(1)));

            // Every limit says when to come back; a client of the API gets a problem detail it can show, the rest the
            // Danish error page (status code pages).
            var earlier = o.OnRejected;
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    response.StatusCode = StatusCodes.Status429TooManyRequests;
                    await response.WriteAsJsonAsync(new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "For mange forespørgsler",
                        Detail = $"Du har brugt de forespørgsler, der er plads til i minuttet. Prøv igen om {seconds} sekunder.",
                    }, options: null, contentType: "application/problem+json", cancellationToken: ct);
                }
                else if (earlier is not null)
                {
                    await earlier(rejected, ct);
                }
            };
        });
    }

    public static void MapEvents(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("").AllowAnonymous().CacheOutput(CachingSetup.PublicEvents);
        feeds.MapGet("/api/events", ListJson).RequireCors(CorsPolicy).RequireRateLimiting(ApiRateLimit)
            .WithSummary("Offentlige arrangementer / Public events")
            .WithDescription("Kommende (eller med tidligere=ja tidligere) offentlige arrangementer, en side ad gangen, hver dato for sig. / Upcoming (or past) public events, a page at a time, one item per date.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        feeds.MapGet("/api/events.csv", ListCsv).RequireCors(CorsPolicy).RequireRateLimiting(ApiRateLimit)
            .WithSummary("Offentlige arrangementer som CSV / Public events as CSV")
            .WithDescription("Samme filtre og rækker som /api/events; UTF-8 med BOM, semikolon, RFC 4180. Op til 5000 rækker pr. side (standard 1000). / Same filters and rows as /api/events; UTF-8 with BOM, semicolon-separated, RFC 4180. Up to 5000 rows a page (default 1000).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        app.MapOpenApi("/api/openapi.json").AllowAnonymous().RequireCors(CorsPolicy).CacheOutput(CachingSetup.PublicContent);
        feeds.MapGet("/arrangementer.ics", ListCalendar);
        feeds.MapGet("/arrangementer/{slug}.ics", EventCalendar);
        feeds.MapGet("/arrangementer/feed.xml", ListAtom);
    }

    public sealed record MunicipalityRef(int Code, string Name);

    public sealed record SeriesRef(string Slug, string Name);

    public sealed record ApiEvent(
        Guid Id, string Title, string Url, DateTimeOffset Start, DateTimeOffset End, bool AllDay, string Status, bool Cancelled,
        MunicipalityRef Municipality, MunicipalityRef Region, SeriesRef? Series, string? Summary, bool Online, string? Venue,
        string? City, IReadOnlyList<string> TargetGroups, bool Free, decimal? PriceDkk, string Organiser, string Ics);

    public sealed record ApiPage(int Total, int Page, int Size, IReadOnlyList<ApiEvent> Items);

    private static async Task<Results<Ok<ApiPage>, ProblemHttpResult>> ListJson(
        [AsParameters] EventFilter filter, CampaignDb db, SiteSearch search, PublishedContentCache content,
        TimeProvider clock, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct)
    {
        var resolved = filter.Resolve(content.Current, clock);
        if (!resolved.IsValid)
        {
            return Problem(resolved);
        }

        var page = await db.ListAsync(resolved, search, ct);
        var items = ToApi(page, content.Current, site.Value.BaseFor(request));
        return TypedResults.Ok(new ApiPage(page.Total, page.Page, page.Size, items));
    }

    private static List<ApiEvent> ToApi(EventPage page, PublishedSnapshot content, string baseUrl) =>
        page.Items.Select(e =>
        {
            var municipality = Places.Geography.Denmark.Municipality(e.MunicipalityCode);
            var series = e.SeriesKey is { } key ? content.FindById(key) : null;
            return new ApiEvent(
                e.Id, e.Title, $"{baseUrl}/arrangementer/{e.Slug}",
                CopenhagenTime.ToOffset(e.StartUtc), CopenhagenTime.ToOffset(e.EndUtc), e.AllDay,
                e.Status.ToString().ToLowerInvariant(), e.IsCancelled,
                new MunicipalityRef(e.MunicipalityCode, municipality?.Name ?? ""),
                new MunicipalityRef(municipality?.Region.Code ?? 0, municipality?.Region.Name ?? ""),
                series is null ? null : new SeriesRef(series.Url.Split('/')[^1], series.Title),
                e.Summary, e.IsOnline, e.VenueName, e.City, EventTexts.Slugs(e.TargetGroups).ToList(),
                e.PriceDkk is null or 0, e.PriceDkk, e.OrganiserName, $"{baseUrl}/arrangementer/{e.Slug}.ics");
        }).ToList();

    /// <summary>
    /// The same rows as /api/events for the same filters, as a spreadsheet: up to 5,000 rows a page (1,000 unless size
    /// says otherwise), so a municipality takes its year in one download.
    /// </summary>
    private static async Task<IResult> ListCsv(
        [AsParameters] EventFilter filter, CampaignDb db, SiteSearch search, PublishedContentCache content,
        TimeProvider clock, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct)
    {
        var resolved = filter.Resolve(content.Current, clock, defaultSize: 1000, maxSize: 5000);
        if (!resolved.IsValid)
        {
            return Problem(resolved);
        }

        var page = await db.ListAsync(resolved, search, ct);
        var csv = EventsCsv.Write(ToApi(page, content.Current, site.Value.BaseFor(request)));
        return TypedResults.File(csv, "text/csv; charset=utf-8", "arrangementer.csv");
    }

    private static async Task<IResult> ListCalendar(
        [AsParameters] EventFilter filter, CampaignDb db, SiteSearch search, PublishedContentCache content,
        TimeProvider clock, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct)
    {
        var resolved = filter.Resolve(content.Current, clock);
        if (!resolved.IsValid)
        {
            return Problem(resolved);
        }

        var ids = await db.ListEventIdsAsync(resolved, search, 500, ct);
        var events = await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var name = resolved.Municipality is { } m ? $"Arrangementer i {m.Name} – {site.Value.Name}" : $"Arrangementer – {site.Value.Name}";
        var calendar = CalendarWriter.Write(name, events.OrderBy(e => e.Details.StartUtc).Select(e => ToCalendar(e, content.Current, site.Value.BaseFor(request))), clock.GetUtcNow().UtcDateTime);
        return Calendar(calendar, "arrangementer.ics");
    }

    private static async Task<IResult> EventCalendar(string slug, CampaignDb db, PublishedContentCache content, TimeProvider clock,
        IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct)
    {
        if (slug.Length > 120 || await db.FindPublicAsync(slug, ct) is not { } evt)
        {
            return TypedResults.Problem(statusCode: 404, title: "Arrangementet findes ikke", detail: "Det kan være slettet, eller adressen er forkert.");
        }

        var calendar = CalendarWriter.Write(evt.Details.Title, [ToCalendar(evt, content.Current, site.Value.BaseFor(request))], clock.GetUtcNow().UtcDateTime);
        return Calendar(calendar, $"{evt.Slug}.ics");
    }

    private static async Task<IResult> ListAtom(
        [AsParameters] EventFilter filter, CampaignDb db, SiteSearch search, PublishedContentCache content,
        TimeProvider clock, IOptions<SiteOptions> site, HttpRequest request, CancellationToken ct)
    {
        var resolved = filter.Resolve(content.Current, clock, defaultSize: 50, maxSize: 100);
        if (!resolved.IsValid)
        {
            return Problem(resolved);
        }

        var listed = await db.ListAsync(resolved, search, ct);
        var baseUrl = site.Value.BaseFor(request);
        return Atom.Xml(writer =>
        {
            const string atom = Atom.Namespace;
            writer.WriteStartElement("feed", atom);
            writer.WriteAttributeString("xml", "lang", null, "da");
            writer.WriteElementString("title", atom, resolved.Municipality is { } m ? $"Kommende arrangementer i {m.Name}" : "Kommende arrangementer");
            writer.WriteElementString("id", atom, baseUrl + request.Path + request.QueryString);
            // RFC 4287: an entry's updated is when it last changed (not the event's start, often in the future), and the
            // feed's is the newest of those, so a reader sees the feed change exactly when an entry does.
            writer.WriteElementString("updated", atom, Atom.Stamp(listed.Items.Select(e => e.UpdatedUtc).DefaultIfEmpty(DateTime.UnixEpoch).Max()));
            Atom.Link(writer, baseUrl + request.Path + request.QueryString, "self");
            Atom.Link(writer, baseUrl + "/arrangementer" + request.QueryString, "alternate");
            foreach (var e in listed.Items)
            {
                writer.WriteStartElement("entry", atom);
                writer.WriteElementString("title", atom, (e.IsCancelled ? "AFLYST: " : "") + e.Title);
                writer.WriteElementString("id", atom, $"urn:uuid:{e.Id}:{e.StartUtc:yyyyMMddHHmm}");
                writer.WriteElementString("updated", atom, Atom.Stamp(e.UpdatedUtc));
                Atom.Link(writer, $"{baseUrl}/arrangementer/{e.Slug}", "alternate");
                writer.WriteStartElement("author", atom);
                writer.WriteElementString("name", atom, e.OrganiserName);
                writer.WriteEndElement();
                writer.WriteElementString("summary", atom, $"{EventFormat.When(e.StartUtc, e.EndUtc, e.AllDay)}. {(e.IsOnline ? "Online" : e.City)}. {e.Summary}".Trim());
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }, "application/atom+xml");
    }

    public static CalendarEvent ToCalendar(Event evt, PublishedSnapshot content, string baseUrl)
    {
        var d = evt.Details;
        var municipality = Places.Geography.Denmark.Municipality(d.MunicipalityCode);
        var location = d.IsOnline ? d.OnlineUrl : string.Join(", ", new[] { d.VenueName, d.StreetAddress, $"{d.PostalCode} {d.City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var description = new StringBuilder();
        if (evt.Status == EventStatus.Cancelled)
        {
            description.Append("AFLYST: ").Append(evt.CancellationMessage).Append("\n\n");
        }

        description.Append(d.Summary is { } summary ? summary + "\n\n" : "")
            .Append(MarkdownRenderer.ToPlainText(d.Description))
            .Append("\n\nPris: ").Append(EventFormat.Price(d.PriceDkk, d.PriceNote));
        var series = d.SeriesKey is { } key ? content.FindById(key)?.Title : null;
        return new CalendarEvent(
            Uid: $"{evt.Id}@talomensomhed.dk",
            Sequence: evt.Sequence,
            Summary: d.Title,
            Description: description.ToString(),
            Location: location,
            Url: $"{baseUrl}/arrangementer/{evt.Slug}",
            StartUtc: d.StartUtc,
            EndUtc: d.EndUtc,
            AllDay: d.AllDay,
            Cancelled: evt.Status == EventStatus.Cancelled,
            LastModifiedUtc: evt.UpdatedAt,
            OrganizerName: d.OrganiserName,
            Recurrence: d.Repeat == Repeat.None || d.RepeatUntil is null ? null
                : new CalendarRecurrence(d.Repeat == Repeat.Weekly ? RecurrenceFrequency.Weekly : RecurrenceFrequency.Monthly, d.RepeatUntil.Value, d.Skipped),
            Categories: series is null ? [municipality?.Name ?? ""] : [series, municipality?.Name ?? ""]);
    }

    private static IResult Calendar(string text, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", fileName);

    private static ProblemHttpResult Problem(ResolvedFilter resolved) =>
        TypedResults.Problem(new HttpValidationProblemDetails(resolved.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Ugyldige filtre",
            Detail = string.Join(" ", resolved.Errors.Values),
        });
}
