using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Site;

/// <summary>
/// Background work that throws (a concurrent re-index hitting the unique search key, a database that is away) never
/// stops the site: the round is logged, /health and the dashboard show it, and it is tried again until it works.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BackgroundLoopTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_loop_whose_rounds_throw_is_retried_and_shown_while_the_site_keeps_serving()
    {
        var clock = new FakeTimeProvider(Start);
        await using var app = new LoopApp<FlakyLoop>().UseClock(clock);
        var loop = app.Services.GetServices<IHostedService>().OfType<FlakyLoop>().Single();
        var client = app.Client();

        await EventuallyAsync(() => Task.FromResult(loop.Rounds >= 1), clock, advance: false);
        var (editor, _) = await app.StaffSignedInAsync(Campaign.Web.Features.Accounts.Roles.Editor);

        // Staff see each check; the public gets only the status.
        var health = await editor.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("background").GetProperty("status").GetString());
        Assert.Contains("Prøveløkke", report.GetProperty("checks").GetProperty("background").GetProperty("description").GetString());
        var dashboard = (await Html.ParseAsync(await editor.GetAsync("/redaktion"))).QuerySelector("section[aria-labelledby=driftsproblemer]")?.TextContent ?? "";
        Assert.Contains("Prøveløkke", dashboard);
        Assert.Contains("IX_SearchDocuments_Key", dashboard);

        // The retry waits (5 s, then 10 s); the third round works and the record clears.
        await EventuallyAsync(() => Task.FromResult(loop.Succeeded), clock, advance: true);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await EventuallyAsync(async () => (await editor.GetStringAsync("/health")).Contains("\"background\":{\"status\":\"Healthy\""), clock, advance: false);
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_background_service_that_throws_outside_the_base_does_not_stop_the_host()
    {
        await using var app = new LoopApp<ThrowingService>();
        var client = app.Client();
        await EventuallyAsync(() => Task.FromResult(!app.Errors.IsEmpty), new FakeTimeProvider(), advance: false);

        Assert.Contains(app.Errors, e => e.Contains("Unexpected failure outside the base"));
        Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "The host is stopping.");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, FakeTimeProvider clock, bool advance)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            if (advance)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition did not hold within 10 seconds.");
    }

    /// <summary>The app with one more background service.</summary>
    private sealed class LoopApp<T> : CampaignApp where T : class, IHostedService
    {
        public LoopApp() => With("Abuse:MinimumFillSeconds", "0");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddHostedService<T>());
        }
    }

    /// <summary>Fails its first two rounds as the cache bus did on a concurrent re-index, then works.</summary>
    private sealed class FlakyLoop(BackgroundHealth health, TimeProvider clock, ILogger<FlakyLoop> log) : BackgroundLoop(health, clock, log)
    {
        private int _rounds;

        public int Rounds => _rounds;
        public bool Succeeded { get; private set; }

        public override string Name => "Prøveløkke";

        protected override Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
        {
            if (Interlocked.Increment(ref _rounds) <= 2)
            {
                throw new DbUpdateException("duplicate key value violates unique constraint \"IX_SearchDocuments_Key\"");
            }

            Succeeded = true;
            return Task.FromResult(TimeSpan.FromHours(1));
        }
    }

    /// <summary>A background service written without the base, as a library might bring one.</summary>
    private sealed class ThrowingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("Unexpected failure outside the base");
        }
    }
}
