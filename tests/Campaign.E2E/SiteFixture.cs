using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>
/// The real app on Kestrel (a free port, a fresh SQLite file with the uSync starter site) and one headless
/// Debian Chromium, shared by the tests of the "Site" collection. Each test opens its own browser context.
/// The app sends its mail to the SMTP sink of tests/smtp-sink (<see cref="Mail"/>), so a test reads it as people do.
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

    /// <summary>The SMTP server the app sends to; read a recipient's mail with <see cref="SmtpSink.WaitForSubjectAsync"/>.</summary>
    public SmtpSink Mail { get; private set; } = null!;

    /// <summary>The password of every account the tests create.</summary>
    public const string Password = "strikkepinde rundt om søen";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Mail = await SmtpSink.GetAsync();
        // The port is chosen before the start so Site:BaseUrl (every absolute link, as in production) names it.
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        _site = new CampaignSite(Path.Combine(_folder, "campaign.db"), Mail.SmtpPort, Errors, address);
        _site.UseKestrel(port);
        _site.StartServer();

        var addresses = _site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        BaseUrl = (addresses?.FirstOrDefault() ?? _site.ClientOptions.BaseAddress.ToString()).TrimEnd('/');
        Assert.Equal(address, BaseUrl);

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

    /// <summary>
    /// A new staff member with the role Moderator, made as an administrator would (the back office cannot yet invite
    /// people). They have not set up two-factor sign-in, so their first sign-in leads to the enrolment page.
    /// </summary>
    public Task<string> CreateModeratorAsync(string displayName = "Mette Moderator") => CreateStaffAsync(Roles.Moderator, displayName);

    /// <summary>
    /// A new staff member with the given role (<see cref="Roles.Administrator"/>, <see cref="Roles.Editor"/> or
    /// <see cref="Roles.Moderator"/>), made as an administrator would; their first sign-in leads to the enrolment page.
    /// Returns the e-mail address; the password is <see cref="Password"/>.
    /// </summary>
    public async Task<string> CreateStaffAsync(string role, string displayName)
    {
        Assert.Contains(role, Roles.Staff);
        var email = $"redaktoer-{Guid.NewGuid():N}@sbst.example";
        await using var scope = _site!.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CampaignUser>>();
        var user = new CampaignUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync(user, role);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>
    /// A member of a new association (pending approval) with a confirmed address, made as registration and the
    /// confirmation link would leave them. Returns the e-mail address; the password is <see cref="Password"/>.
    /// </summary>
    public async Task<string> CreateMemberAsync(string associationName)
    {
        var email = $"medlem-{Guid.NewGuid():N}@example.org";
        await using var scope = _site!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Campaign.Web.Data.CampaignDb>();
        var association = Campaign.Web.Features.Associations.Association.Register(
            Guid.NewGuid(), associationName, Campaign.Web.Features.Associations.AssociationType.Forening, 175, null, "https://example.org", "Karen Østergård", DateTime.UtcNow);
        db.Associations.Add(association);
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CampaignUser>>();
        var user = new CampaignUser { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Karen Østergård", AssociationId = association.Id, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return email;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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

    private sealed class CampaignSite(string databaseFile, int smtpPort, ErrorLog errors, string baseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting reaches the app's configuration before Program reads the connection string.
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Campaign", $"Data Source={databaseFile}");
            builder.UseSetting("uSync:ImportAtStart", "true");
            builder.UseSetting("Site:BaseUrl", baseUrl);
            // 360 demo events over the next 120 days in all 98 municipalities (several in Rødovre, 175, and Odsherred, 306),
            // for the event calendar, series pages, search and embed tests. The other tests do not depend on events.
            builder.UseSetting("Seed:DemoData", "true");
            // Mail goes to the SMTP sink and leaves the outbox at once, so a journey reads it within seconds.
            builder.UseSetting("Smtp:Host", "127.0.0.1");
            builder.UseSetting("Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Mail:PollInterval", "00:00:00.250");
            // The bot checks stay on: the honeypot as it is, and a minimum fill time a person always needs (1 s instead of 3).
            // The journeys sign in more often per minute than one person does, all from 127.0.0.1.
            builder.UseSetting("Abuse:MinimumFillSeconds", "1");
            builder.UseSetting("Abuse:SignInPermitsPerMinute", "60");
            // Scheduled publishing is looked for every second (default 15 s), so a page planned for a minute goes live on that minute.
            builder.UseSetting("Scheduling:PollInterval", "00:00:01");
            builder.ConfigureLogging(logging => logging.AddProvider(errors));
        }
    }
}

[CollectionDefinition("Site")]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>;
