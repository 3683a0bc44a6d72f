using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Newsletter;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// `--dispatch [N]` (default 10,000): N confirmed subscribers across every municipality get one issue with the
/// upcoming-events block, personalised per municipality, through the outbox to a local SMTP server (tests/smtp-sink,
/// started here without its greeting delay, or the one at --smtp-port whose message folder --smtp-dir names). Prints
/// mails per second for queueing and for delivery, delivery counted from the messages the SMTP server stored, not from
/// our own table, so a failed mail is never counted. The wait for delivery ends after --timeout seconds (default 600).
/// </summary>
internal static class DispatchBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--dispatch");
        var count = index + 1 < args.Length && int.TryParse(args[index + 1], out var n) ? n : 10_000;
        var rate = Arg(args, "--rate", 100_000);
        var parallelism = Arg(args, "--parallelism", 4);
        var timeout = TimeSpan.FromSeconds(Arg(args, "--timeout", 600));
        var folder = Directory.CreateTempSubdirectory("campaign-dispatch-").FullName;
        var external = Arg(args, "--smtp-port", 0) > 0;
        var mailDir = external ? Text(args, "--smtp-dir") ?? throw new ArgumentException("--smtp-port needs --smtp-dir: the folder where that SMTP server stores what it accepted.") : Path.Combine(folder, "mail");
        var sink = external ? null : StartSink(folder, mailDir);
        var port = sink?.Port ?? Arg(args, "--smtp-port", 0);
        var atStart = CountStored(mailDir);
        Console.WriteLine($"Dispatch benchmark: {count:N0} personalised mails, Newsletter:MessagesPerSecond={rate:N0}, Mail:Parallelism={parallelism}, SMTP 127.0.0.1:{port} (stores in {mailDir}), SQLite in {folder}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CAMPAIGN_WEB", Campaign.Web.Setup.RepositoryPaths.Find(Path.Combine("src", "Campaign.Web")));
        var app = new DispatchApp($"Data Source={Path.Combine(folder, "dispatch.db")}", port, rate, parallelism);
        var services = app.Services;

        var now = DateTime.UtcNow;
        var municipalities = Campaign.Web.Features.Places.Geography.Denmark.Municipalities.Select(m => m.Code).ToArray();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Events.AddRange(DemoEvents.Build(CopenhagenTime.Today(TimeProvider.System), now, 3_000, seed: 7));
            for (var i = 0; i < count; i++)
            {
                var subscriber = Subscriber.SignUp($"bench-{i}@example.org", null, NewsletterInterests.LocalEvents | NewsletterInterests.Campaign, municipalities[i % municipalities.Length], now);
                subscriber.Confirm(now);
                db.Subscribers.Add(subscriber);
            }

            await db.SaveChangesAsync();
        }

        Guid id;
        var watch = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
            var issue = NewsletterIssue.Create("Nyt fra Tal om ensomhed", "bench", now);
            issue.Edit("Nyt fra Tal om ensomhed", [new RichTextBlock("## Vi ses derude\n\nSnak om ensomhed – [læs mere](/om-kampagnen)."), new UpcomingEventsBlock()],
                NewsletterInterests.None, [], "bench", now);
            issue.SendNow("bench", "http://localhost", now);
            db.NewsletterIssues.Add(issue);
            await db.SaveChangesAsync();
            id = issue.Id;
        }

        services.GetRequiredService<IssueDispatcher>().Wake();
        TimeSpan? queued = null;
        TimeSpan? delivered = null;
        var stored = 0;
        while (watch.Elapsed < timeout)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
            var issue = await db.NewsletterIssues.AsNoTracking().SingleAsync(i => i.Id == id);
            if (queued is null && issue.QueuedAt is not null)
            {
                queued = watch.Elapsed;
                Console.WriteLine($"Queued {issue.Queued:N0} in {queued.Value.TotalSeconds:N1} s");
            }

            // What the SMTP server accepted and stored: a mail that failed is not there.
            stored = CountStored(mailDir) - atStart;
            Console.Write($"\rDelivered {stored:N0} of {count:N0} after {watch.Elapsed.TotalSeconds:N0} s ");
            if (stored >= count)
            {
                delivered = watch.Elapsed;
                break;
            }

            await Task.Delay(200);
        }

        var failed = await CountFailedAsync(services, IssueDispatcher.KeyPrefix(id));
        Console.WriteLine();
        Console.WriteLine();
        Console.WriteLine($"{"dispatch",-52} {"seconds",8} {"mails/s",10}");
        Console.WriteLine(new string('-', 72));
        if (queued is { } q)
        {
            Console.WriteLine($"{"queue (render per recipient + outbox, 1 tx/batch)",-52} {q.TotalSeconds,8:N1} {count / q.TotalSeconds,10:N0}");
        }

        var elapsed = delivered ?? watch.Elapsed;
        Console.WriteLine($"{"deliver (send → stored by the SMTP server)",-52} {elapsed.TotalSeconds,8:N1} {stored / elapsed.TotalSeconds,10:N0}");
        Console.WriteLine($"Stored by the SMTP server: {stored:N0} of {count:N0}; failed in the outbox: {failed:N0}.");
        if (delivered is null)
        {
            Console.WriteLine($"!!! Timed out after {timeout.TotalSeconds:N0} s before every mail was delivered; the figure above counts only what arrived. !!!");
            Environment.ExitCode = 1;
        }

        // Stop the app before its database and the sink's mail folder go.
        await app.DisposeAsync();
        sink?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            Console.WriteLine($"Could not delete {folder}; the OS temp cleaner takes it.");
        }
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The sink stores each accepted message as one JSON file before it answers 250.</summary>
    private static int CountStored(string mailDir) =>
        Directory.Exists(mailDir) ? Directory.EnumerateFiles(mailDir, "*.json").Count() : 0;

    private static async Task<int> CountFailedAsync(IServiceProvider services, string prefix)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignDb>().OutboxMessages
            .CountAsync(m => m.IdempotencyKey.StartsWith(prefix) && m.Status == OutboxStatus.Failed);
    }

    private static Sink StartSink(string folder, string mailDir)
    {
        var dir = Campaign.Web.Setup.RepositoryPaths.Find(Path.Combine("tests", "smtp-sink"));
        var ready = Path.Combine(folder, "sink-ready.json");
        var start = new ProcessStartInfo("node", "server.js") { WorkingDirectory = dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SMTP_SINK_PORT"] = "0";
        start.Environment["SMTP_SINK_HTTP_PORT"] = "0";
        start.Environment["SMTP_SINK_DIR"] = mailDir;
        // Greet at once instead of smtp-server's 100 ms early-talker wait per connection, as a production relay does.
        start.Environment["SMTP_SINK_NO_DELAY"] = "1";
        start.Environment["SMTP_SINK_READY_FILE"] = ready;
        start.Environment["SMTP_SINK_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node tests/smtp-sink/server.js (run npm ci there, or pass --smtp-port).");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ready))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                throw new InvalidOperationException("tests/smtp-sink did not start (run npm ci there, or pass --smtp-port).");
            }

            Thread.Sleep(50);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(ready));
        return new Sink(process, json.RootElement.GetProperty("smtpPort").GetInt32());
    }

    private sealed class Sink(Process process, int port) : IDisposable
    {
        public int Port => port;

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    private sealed class DispatchApp(string connection, int smtpPort, int rate, int parallelism) : WebApplicationFactory<CampaignDb>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            // Production requires it; the links in the mails point here, and nothing is served over HTTP.
            builder.UseSetting("Site:BaseUrl", "https://talomensomhed.example");
            builder.UseSetting("ConnectionStrings:Campaign", connection);
            builder.UseSetting("Seed:DemoData", "false");
            builder.UseSetting("Smtp:Host", "127.0.0.1");
            builder.UseSetting("Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Mail:PollInterval", "00:00:00.050");
            builder.UseSetting("Mail:Parallelism", parallelism.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Smtp:MaxConnections", parallelism.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Newsletter:MessagesPerSecond", rate.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Newsletter:PollInterval", "00:00:00.100");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(l => l.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        }
    }
}
