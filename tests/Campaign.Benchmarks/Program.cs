using System.Diagnostics;
using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Events.Calendar;
using Campaign.Web.Features.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Measures the calendar's hot paths on a fresh SQLite database with many events and prints percentiles. Where a
// row has a reference, the reference answers the same question the naive way (occurrences expanded in memory from
// the events table instead of the occurrence table; a scan of every document's terms instead of the full-text index),
// and before timing both are asked the same questions and must give the same events; a disagreement is printed loudly
// and the exit code is 1. A benchmark prints figures; it never passes or fails on time.
if (args.Contains("--dispatch"))
{
    // Not part of the default run: delivering thousands of mails takes minutes.
    await DispatchBenchmark.RunAsync(args);
    return;
}

var events = Arg("--events", 100_000);
var iterations = Arg("--iterations", 200);
var folder = Directory.CreateTempSubdirectory("campaign-bench-").FullName;
Console.WriteLine($"Campaign benchmarks: {events:N0} events, {iterations} iterations per scenario, SQLite in {folder}");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

// A console program has no WebApplicationFactoryContentRoot attribute; this tells the factory where the web project is.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CAMPAIGN_WEB", Campaign.Web.Setup.RepositoryPaths.Find(Path.Combine("src", "Campaign.Web")));
// Production needs Site:BaseUrl and accepts only its host, so the port is chosen before the app starts.
var port = FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
await using var app = new BenchApp($"Data Source={Path.Combine(folder, "bench.db")}", baseUrl);
app.UseKestrel(port);
app.StartServer();

var seedTime = Stopwatch.StartNew();
await Seed(app.Services, events);
Console.WriteLine($"Seeded {events:N0} events in {seedTime.Elapsed.TotalSeconds:N1} s");
var rebuildTime = await SearchBenchmark.RebuildAsync(app.Services);
Console.WriteLine();

var municipalities = new[] { 175, 306, 101, 751, 461, 851 };
var queries = SearchBenchmark.Queries;
var mismatches = 0;

var results = new List<(string Name, double[] Ours, double[]? Reference)>();

// Both sides of the listing get the same resolved filter, so they are asked about the same instant.
ResolvedFilter Listing(IServiceProvider s, int i, TimeProvider clock) =>
    new EventFilter { Kommune = municipalities[i % municipalities.Length].ToString(CultureInfo.InvariantCulture), Periode = "30-dage" }
        .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock);

results.Add(await Measure("Listing: kommune + næste 30 dage, side 1", iterations, municipalities.Length,
    async (s, i, clock) =>
    {
        var page = await s.GetRequiredService<CampaignDb>().ListAsync(Listing(s, i, clock), s.GetRequiredService<SiteSearch>(), default);
        return new Answer(page.Total, page.Items.Select(e => $"{e.Id}@{e.StartUtc:O}").ToList());
    },
    async (s, i, clock) =>
    {
        // Reference: no occurrence table. Read the municipality's public events and expand each one's dates in memory.
        var filter = Listing(s, i, clock);
        var code = filter.Municipality!.Code;
        var (from, to) = (filter.FromUtc!.Value, filter.ToUtc!.Value);
        var rows = await s.GetRequiredService<CampaignDb>().Events.AsNoTracking()
            .Where(e => (e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled) && e.Details.MunicipalityCode == code)
            .Select(e => new { e.Id, e.Details })
            .ToListAsync();
        var dates = rows
            .SelectMany(e => e.Details.Dates().Select(d => (e.Id, d.Start, d.End)))
            .Where(o => o.Start >= from.AddDays(-14) && o.End > from && o.Start < to)
            .OrderBy(o => o.Start).ThenBy(o => o.Id)
            .ToList();
        return new Answer(dates.Count, dates.Take(filter.Size).Select(o => $"{o.Id}@{o.Start:O}").ToList());
    },
    SameOrder));

results.Add(await Measure("Listing: region + målgruppe ældre, side 3", iterations, 1,
    async (s, i, clock) =>
    {
        var filter = new EventFilter { Region = "hovedstaden", Maalgruppe = "aeldre", Side = "3" }
            .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock);
        var page = await s.GetRequiredService<CampaignDb>().ListAsync(filter, s.GetRequiredService<SiteSearch>(), default);
        return new Answer(page.Total, []);
    },
    null, null));

results.Add(await Measure("Search: /soeg ranked with facets", iterations, SearchBenchmark.Queries.Length, SearchBenchmark.SearchAsync, SearchBenchmark.ScanAsync, RankedWithin));
results.Add(await Measure("Search: listing q ids, uncapped", iterations, SearchBenchmark.Queries.Length, SearchBenchmark.EventIdsAsync, SearchBenchmark.ScanEventIdsAsync, SearchBenchmark.SameIds));

results.Add(await Measure("iCal: one municipality's feed", Math.Max(20, iterations / 4), 1,
    async (s, i, clock) =>
    {
        var filter = new EventFilter { Kommune = municipalities[i % municipalities.Length].ToString(CultureInfo.InvariantCulture) }
            .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock, 500, 500);
        var db = s.GetRequiredService<CampaignDb>();
        var page = await db.ListAsync(filter, s.GetRequiredService<SiteSearch>(), default);
        var ids = page.Items.Select(e => e.Id).Distinct().ToList();
        var found = await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync();
        var content = s.GetRequiredService<PublishedContentCache>().Current;
        CalendarWriter.Write("bench", found.Select(e => EventsApi.ToCalendar(e, content, baseUrl)), DateTime.UtcNow);
        return new Answer(page.Total, []);
    },
    null, null));

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
// A unique query parameter on each request misses the output cache, so the figures are the app's own work.
results.Add(await MeasureHttp("HTTP GET /arrangementer?kommune=…&periode=30-dage", iterations, i => $"/arrangementer?kommune={municipalities[i % municipalities.Length]}&periode=30-dage&n={i}"));
results.Add(await MeasureHttp("HTTP GET /api/events?region=…&size=50", iterations, i => $"/api/events?region=sjaelland&size=50&n={i}"));
results.Add(await MeasureHttp("HTTP GET /soeg?q=…", iterations, i => $"/soeg?q={Uri.EscapeDataString(queries[i % queries.Length])}&n={i}"));
results.Add(await MeasureHttp("HTTP GET /arrangementer.ics?kommune=…", Math.Max(20, iterations / 4), i => $"/arrangementer.ics?kommune={municipalities[i % municipalities.Length]}&n={i}"));
results.Add(await MeasureHttp("HTTP GET /arrangementer (output-cached)", iterations, _ => "/arrangementer"));

Console.WriteLine();
Console.WriteLine($"{"scenario",-52} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}   {"reference p50/p95/p99 ms",-28}");
Console.WriteLine(new string('-', 110));
foreach (var (name, ours, reference) in results)
{
    var refText = reference is null ? "   (no reference)" : $"{P(reference, 50),8:N2} {P(reference, 95),8:N2} {P(reference, 99),8:N2}";
    Console.WriteLine($"{name,-52} {P(ours, 50),8:N2} {P(ours, 95),8:N2} {P(ours, 99),8:N2}   {refText}");
}

Console.WriteLine();
var listing = results.Where(r => r.Name.StartsWith("Listing:", StringComparison.Ordinal)).Max(r => P(r.Ours, 95));
var search = results.Single(r => r.Name.StartsWith("Search: /soeg", StringComparison.Ordinal)).Ours;
Console.WriteLine($"Goals (in-process rows): listing p95 ≤ 20 ms: {listing:N2} ms, {(listing <= 20 ? "met" : "NOT met")}; " +
    $"search p95 ≤ 5 ms: {P(search, 95):N2} ms, {(P(search, 95) <= 5 ? "met" : "NOT met")}.");
var searchHttp = results.Single(r => r.Name.StartsWith("HTTP GET /soeg", StringComparison.Ordinal)).Ours;
Console.WriteLine($"Search over HTTP p95 ≤ 10 ms: {P(searchHttp, 95):N2} ms, {(P(searchHttp, 95) <= 10 ? "met" : "NOT met")}; index rebuild of {events:N0} events: {rebuildTime.TotalSeconds:N1} s (goal ≤ 60 s).");
if (mismatches > 0)
{
    Console.WriteLine($"!!! {mismatches} answer(s) of a reference differed from the measured path: see MISMATCH above. !!!");
    Environment.ExitCode = 1;
}

// The app (and its search index writer) lets go of the folder before it is deleted.
await app.DisposeAsync();
Directory.Delete(folder, recursive: true);
return;

// The listing's page: the same events on the same dates in the same order, and the same total.
static string? SameOrder(Answer ours, Answer reference) =>
    ours.Total != reference.Total ? $"total {ours.Total} vs {reference.Total}"
    : !ours.Keys.SequenceEqual(reference.Keys) ? $"page differs: [{string.Join(", ", ours.Keys.Take(3))} …] vs [{string.Join(", ", reference.Keys.Take(3))} …]"
    : null;

// Search: the same number of matches, and every ranked hit is among the documents the reference found.
static string? RankedWithin(Answer ours, Answer reference) =>
    ours.Total != reference.Total ? $"total {ours.Total} vs {reference.Total}"
    : ours.Keys.Except(reference.Keys).FirstOrDefault() is { } stray ? $"hit {stray} is not a match by the reference"
    : ours.Total > 0 && ours.Keys.Count == 0 ? "no hits although the total is above zero"
    : null;

async Task<(string, double[], double[]?)> Measure(
    string name, int n, int questions, Func<IServiceProvider, int, TimeProvider, Task<Answer>> ours,
    Func<IServiceProvider, int, TimeProvider, Task<Answer>>? reference, Func<Answer, Answer, string?>? compare)
{
    Console.Write($"{name} … ");
    if (reference is not null && compare is not null)
    {
        // Each distinct question once, both sides at one fixed instant, before anything is timed.
        var at = new FixedClock(DateTimeOffset.UtcNow);
        for (var i = 0; i < questions; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var a = await ours(scope.ServiceProvider, i, at);
            var b = await reference(scope.ServiceProvider, i, at);
            if (compare(a, b) is { } difference)
            {
                mismatches++;
                Console.WriteLine();
                Console.WriteLine($"!!! MISMATCH in \"{name}\", question {i}: {difference}");
            }
            else if (a.Total == 0)
            {
                Console.Write($"(question {i} has no answer on this data) ");
            }
        }
    }

    var oursSamples = await Time(n, (s, i) => ours(s, i, TimeProvider.System));
    var referenceSamples = reference is null ? null : await Time(n, (s, i) => reference(s, i, TimeProvider.System));
    Console.WriteLine("done");
    return (name, oursSamples, referenceSamples);
}

async Task<double[]> Time(int n, Func<IServiceProvider, int, Task<Answer>> work)
{
    for (var i = 0; i < Math.Min(10, n); i++)
    {
        await using var warm = app.Services.CreateAsyncScope();
        await work(warm.ServiceProvider, i);
    }

    var samples = new double[n];
    for (var i = 0; i < n; i++)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var watch = Stopwatch.StartNew();
        await work(scope.ServiceProvider, i);
        samples[i] = watch.Elapsed.TotalMilliseconds;
    }

    return samples;
}

async Task<(string, double[], double[]?)> MeasureHttp(string name, int n, Func<int, string> url)
{
    Console.Write($"{name} … ");
    var samples = await Time(n, async (_, i) =>
    {
        using var response = await http.GetAsync(url(i + 1_000_000 * Random.Shared.Next(1, 1000)));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return new Answer(0, []);
    });
    Console.WriteLine("done");
    return (name, samples, null);
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static double P(double[] samples, int percentile)
{
    var sorted = samples.Order().ToArray();
    var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
}

static async Task Seed(IServiceProvider services, int count)
{
    const int batch = 5_000;
    var today = CopenhagenTime.Today(TimeProvider.System);
    var now = DateTime.UtcNow;
    var all = DemoEvents.Build(today, now, count, seed: 7);
    for (var start = 0; start < all.Count; start += batch)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Events.AddRange(all.Skip(start).Take(batch));

        await db.SaveChangesAsync();
        Console.Write($"\rSeeding … {Math.Min(start + batch, all.Count):N0}");
    }

    Console.WriteLine();
    await using var last = services.CreateAsyncScope();
    await last.ServiceProvider.GetRequiredService<CampaignDb>().Database.ExecuteSqlRawAsync("ANALYZE;");
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

/// <summary>The real app (found through any type in its assembly) on its own SQLite file, quiet apart from warnings.</summary>
internal sealed class BenchApp(string connection, string baseUrl) : WebApplicationFactory<CampaignDb>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Site:BaseUrl", baseUrl);
        builder.UseSetting("ConnectionStrings:Campaign", connection);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Search:IndexPath", Path.Combine(Path.GetDirectoryName(connection["Data Source=".Length..])!, "search"));
        builder.UseSetting("Abuse:SearchPermitsPerMinute", "100000");
        builder.UseSetting("Abuse:ApiPermitsPerMinute", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(l => l.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
    }
}

/// <summary>What a scenario answered: the total it reports and the keys of what it returned (events on dates, or documents).</summary>
internal sealed record Answer(int Total, IReadOnlyList<string> Keys);

/// <summary>One instant for both sides of a comparison.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
