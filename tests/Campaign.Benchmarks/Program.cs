using System.Diagnostics;
using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Events.Calendar;
using Campaign.Web.Features.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Measures the calendar's hot paths on a fresh SQLite database with many events and prints percentiles,
// each beside a reference: the same question answered the naive way (no occurrence table, no full-text index).
// A benchmark prints figures; it never passes or fails.
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
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

// A console program has no WebApplicationFactoryContentRoot attribute; this tells the factory where the web project is.
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CAMPAIGN_WEB", Campaign.Web.Setup.RepositoryPaths.Find(Path.Combine("src", "Campaign.Web")));
await using var app = new BenchApp($"Data Source={Path.Combine(folder, "bench.db")}");
app.UseKestrel(0);
app.StartServer();
var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

var seedTime = Stopwatch.StartNew();
await Seed(app.Services, events);
Console.WriteLine($"Seeded {events:N0} events in {seedTime.Elapsed.TotalSeconds:N1} s");
Console.WriteLine();

var clock = TimeProvider.System;
var municipalities = new[] { 175, 306, 101, 751, 461, 851 };
var queries = new[] { "fællesskaber", "strikkecafe rodovre", "march mod ensomhed", "seniorfrokost", "aeldre", "gåtur søen" };

var results = new List<(string Name, double[] Ours, double[]? Reference)>();

results.Add(await Measure("Listing: kommune + næste 30 dage, side 1", iterations, async (s, i) =>
{
    var filter = new EventFilter { Kommune = municipalities[i % municipalities.Length].ToString(CultureInfo.InvariantCulture), Periode = "30-dage" }
        .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock);
    await s.GetRequiredService<CampaignDb>().ListAsync(filter, s.GetRequiredService<SiteSearch>(), default);
}, async (s, i) =>
{
    // Reference: filter and sort the events table itself, expanding nothing.
    var code = municipalities[i % municipalities.Length];
    var now = DateTime.UtcNow;
    var db = s.GetRequiredService<CampaignDb>();
    var q = db.Events.AsNoTracking().Where(e => (e.Status == EventStatus.Published || e.Status == EventStatus.Cancelled)
        && e.Details.MunicipalityCode == code && e.Details.EndUtc > now && e.Details.StartUtc < now.AddDays(31));
    await q.CountAsync();
    await q.OrderBy(e => e.Details.StartUtc).Take(20).Select(e => new { e.Id, e.Details.Title }).ToListAsync();
}));

results.Add(await Measure("Listing: region + målgruppe ældre, side 3", iterations, async (s, i) =>
{
    var filter = new EventFilter { Region = "hovedstaden", Maalgruppe = "aeldre", Side = "3" }
        .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock);
    await s.GetRequiredService<CampaignDb>().ListAsync(filter, s.GetRequiredService<SiteSearch>(), default);
}, null));

results.Add(await Measure("Search: /soeg ranked with facets", iterations, async (s, i) =>
{
    await s.GetRequiredService<SiteSearch>().SearchAsync(queries[i % queries.Length], null, 0, 15, default);
}, async (s, i) =>
{
    // Reference: a LIKE scan over the same documents, which can neither stem nor rank.
    var word = queries[i % queries.Length].Split(' ')[0];
    var db = s.GetRequiredService<CampaignDb>();
    await db.SearchDocuments.AsNoTracking().Where(d => EF.Functions.Like(d.Text, "%" + word + "%")).OrderBy(d => d.Id).Take(15).ToListAsync();
}));

results.Add(await Measure("iCal: one municipality's feed", Math.Max(20, iterations / 4), async (s, i) =>
{
    var filter = new EventFilter { Kommune = municipalities[i % municipalities.Length].ToString(CultureInfo.InvariantCulture) }
        .Resolve(s.GetRequiredService<PublishedContentCache>().Current, clock, 500, 500);
    var db = s.GetRequiredService<CampaignDb>();
    var page = await db.ListAsync(filter, s.GetRequiredService<SiteSearch>(), default);
    var ids = page.Items.Select(e => e.Id).Distinct().ToList();
    var found = await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync();
    var content = s.GetRequiredService<PublishedContentCache>().Current;
    ICalendarWriter.Write("bench", found.Select(e => EventsApi.ToCalendar(e, content, "http://localhost")), DateTime.UtcNow);
}, null));

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
    var refText = reference is null ? "" : $"{P(reference, 50),8:N2} {P(reference, 95),8:N2} {P(reference, 99),8:N2}";
    Console.WriteLine($"{name,-52} {P(ours, 50),8:N2} {P(ours, 95),8:N2} {P(ours, 99),8:N2}   {refText}");
}

Console.WriteLine();
Console.WriteLine("Goals on a 2-core machine: listing p95 ≤ 20 ms, search p95 ≤ 20 ms (in-process rows).");
Directory.Delete(folder, recursive: true);
return;

async Task<(string, double[], double[]?)> Measure(string name, int n, Func<IServiceProvider, int, Task> ours, Func<IServiceProvider, int, Task>? reference)
{
    Console.Write($"{name} … ");
    var a = await Time(n, ours);
    var b = reference is null ? null : await Time(n, reference);
    Console.WriteLine("done");
    return (name, a, b);
}

async Task<double[]> Time(int n, Func<IServiceProvider, int, Task> work)
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
    });
    Console.WriteLine("done");
    return (name, samples, null);
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
        var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
        foreach (var evt in all.Skip(start).Take(batch))
        {
            db.Events.Add(evt);
            var doc = SearchDocument.For(SearchIndexer.EventKey(evt.Id));
            doc.Set(SearchTypes.Event, evt.Details.Title, $"/arrangementer/{evt.Slug}", SearchIndexer.TextOf(evt, null), now);
            db.SearchDocuments.Add(doc);
        }

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
internal sealed class BenchApp(string connection) : WebApplicationFactory<CampaignDb>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Campaign", connection);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Site:BaseUrl", "http://127.0.0.1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(l => l.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
    }
}
