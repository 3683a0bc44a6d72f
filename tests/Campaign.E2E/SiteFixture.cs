using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>
/// The real app on Kestrel (a free port, a fresh SQLite file with the uSync starter site) and one headless
/// Debian Chromium, shared by the tests of the "Site" collection. Each test opens its own browser context.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "campaign-e2e-" + Guid.NewGuid().ToString("N"));
    private CampaignSite? _site;
    private IPlaywright? _playwright;

    public ErrorLog Errors { get; } = new();

    /// <summary>The address Kestrel listens on, without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _site = new CampaignSite(Path.Combine(_folder, "campaign.db"), Errors);
        _site.UseKestrel(0);
        _site.StartServer();

        var addresses = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        BaseUrl = (addresses?.FirstOrDefault() ?? _site.ClientOptions.BaseAddress.ToString()).TrimEnd('/');

        var startup = Errors.Take();
        if (startup.Count > 0)
        {
            throw new InvalidOperationException("The app logged errors while starting:" + Environment.NewLine + string.Join(Environment.NewLine, startup));
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next run uses a new one.
        }
    }

    private sealed class CampaignSite(string databaseFile, ErrorLog errors) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches the app's configuration before Program reads the connection string.
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Campaign", $"Data Source={databaseFile}");
            builder.UseSetting("uSync:ImportAtStart", "true");
            // 360 demo events over the next 120 days in all 98 municipalities (several in Rødovre, 175, and Odsherred, 306),
            // for the event calendar, series pages, search and embed tests. The other tests do not depend on events.
            builder.UseSetting("Seed:DemoData", "true");
            builder.ConfigureLogging(logging => logging.AddProvider(errors));
        }
    }
}

[CollectionDefinition("Site")]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>;
