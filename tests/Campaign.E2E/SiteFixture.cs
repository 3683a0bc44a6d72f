using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>
/// The real app as production runs it: the Production environment, on Kestrel over HTTPS with a self-signed
/// certificate made for this run (a free port, a fresh SQLite file with the uSync starter site), so `__Host-`
/// cookies, HSTS and the error page are the ones visitors get. One headless Debian Chromium is shared by the tests
/// of the "Site" collection; each test opens its own browser context (<see cref="NewContextAsync"/>), which accepts
/// that certificate. The app sends its mail to the SMTP sink of tests/smtp-sink (<see cref="Mail"/>), so a test
/// reads it as people do.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "campaign-e2e-" + Guid.NewGuid().ToString("N"));
    private CampaignSite? _site;
    private IPlaywright? _playwright;

    public ErrorLog Errors { get; } = new();

    /// <summary>The address Kestrel listens on and the app's Site:BaseUrl, without a trailing slash, e.g. https://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// A query parameter that makes any public page throw after routing, as a bug would: the one thing the suite adds
    /// to the app, so the production error page can be seen. Nothing else looks at it.
    /// </summary>
    public const string FailParameter = "e2e-unhandled-failure";

    /// <summary>The message of the exception <see cref="FailParameter"/> throws; it must reach the log and never the page.</summary>
    public const string FailMessage = "E2E: a deliberate unhandled exception";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The SMTP server the app sends to; read a recipient's mail with <see cref="SmtpSink.WaitForSubjectAsync"/>.</summary>
    public SmtpSink Mail { get; private set; } = null!;

    /// <summary>The password of every account the tests create.</summary>
    public const string Password = "strikkepinde rundt om søen";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Mail = await SmtpSink.GetAsync();

        // Site:BaseUrl is fixed at start and must be exactly the origin the browser uses, so the port is chosen first.
        var port = FreeLoopbackPort();
        BaseUrl = $"https://127.0.0.1:{port}";
        var certificate = SelfSignedCertificate();
        _site = new CampaignSite(Path.Combine(_folder, "campaign.db"), BaseUrl, Mail.SmtpPort, Errors);
        _site.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        _site.StartServer();

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

    /// <summary>A browser context for the site: Danish, and trusting this run's self-signed certificate.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        options.BaseURL ??= BaseUrl;
        options.Locale ??= "da-DK";
        options.IgnoreHTTPSErrors = true;
        return Browser.NewContextAsync(options);
    }

    /// <summary>
    /// Publishes an event in Rødovre (2610) from <paramref name="startUtc"/> to <paramref name="endUtc"/>, saved the way the app
    /// saves an approved event, for a test that must know an event is (or is not) in a period whatever the demo data holds.
    /// </summary>
    public async Task PublishEventAsync(string title, DateTime startUtc, DateTime endUtc)
    {
        await using var scope = _site!.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var details = new EventDetails
        {
            Title = title,
            Summary = "Kom og vær med – alle er velkomne.",
            Description = "Vi mødes over en kop kaffe og en snak.",
            StartUtc = startUtc,
            EndUtc = endUtc,
            VenueName = "Medborgerhuset",
            StreetAddress = "Hovedgaden 12",
            PostalCode = "2610",
            City = "Rødovre",
            OrganiserName = "Frivilligcenter Rødovre",
        }.WithMunicipality(175);
        var now = DateTime.UtcNow;
        var evt = Event.Create(Guid.NewGuid(), UrlSegment.From(title), details, now);
        evt.Publish(now);
        services.GetRequiredService<CampaignDb>().Events.Add(evt);
        await services.GetRequiredService<EventStore>().SaveAsync(evt, CancellationToken.None);
    }

    /// <summary>Makes every preview link of a page a minute past its expiry, as if its 7 days had gone by.</summary>
    public async Task ExpirePreviewLinksAsync(Guid nodeId)
    {
        await using var scope = _site!.Services.CreateAsyncScope();
        var past = DateTime.UtcNow.AddMinutes(-1);
        await scope.ServiceProvider.GetRequiredService<CampaignDb>().PreviewLinks.Where(l => l.NodeId == nodeId)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, past));
    }

    /// <summary>
    /// A new staff member with the role Moderator, made as an administrator would (the back office cannot yet invite
    /// people). They have not set up two-factor sign-in, so their first sign-in leads to the enrolment page.
    /// </summary>
    public Task<string> CreateModeratorAsync(string displayName = "Mette Moderator") => CreateStaffAsync(Roles.Moderator, displayName);

    /// <summary>A draft page under the home page with these blocks, saved as the back office saves one; returns its id.</summary>
    public async Task<Guid> CreateDraftPageAsync(string name, ContentData data)
    {
        await using var scope = _site!.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var home = services.GetRequiredService<PublishedContentCache>().Current.Root ?? throw new InvalidOperationException("The starter site has no home page.");
        var node = await services.GetRequiredService<ContentCommands>().CreateAsync(home.Id, "page", name, data, "test");
        return node.Id;
    }

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

    /// <summary>
    /// A member of a new association (pending approval) with a confirmed address, made as registration and the
    /// confirmation link would leave them. Returns the e-mail address; the password is <see cref="Password"/>.
    /// </summary>
    public async Task<string> CreateMemberAsync(string associationName)
    {
        var email = $"medlem-{Guid.NewGuid():N}@example.org";
        await using var scope = _site!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A certificate for 127.0.0.1 and localhost, valid for a day, made fresh for each run and trusted by nothing.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Loaded again from PKCS#12 so the private key is an ordinary one TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Throws for <see cref="FailParameter"/>, after routing and inside the error handler's reach, as a bug in a page would.</summary>
    private sealed class FailOnRequest : IResourceFilter
    {
        public void OnResourceExecuting(ResourceExecutingContext context)
        {
            if (context.HttpContext.Request.Query.ContainsKey(FailParameter)
                && !context.HttpContext.Request.Path.StartsWithSegments("/fejl", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(FailMessage);
            }
        }

        public void OnResourceExecuted(ResourceExecutedContext context)
        {
        }
    }

    private sealed class CampaignSite(string databaseFile, string baseUrl, int smtpPort, ErrorLog errors) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // As production runs: no developer exception page, HSTS, JSON logs, __Host- cookies that need HTTPS.
            builder.UseEnvironment("Production");
            // Every absolute link (mail, feeds, API) and the allowed host come from here, never from the request.
            builder.UseSetting("Site:BaseUrl", baseUrl);
            // UseSetting reaches the app's configuration before Program reads the connection string.
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Campaign", $"Data Source={databaseFile}");
            builder.UseSetting("Search:IndexPath", Path.Combine(Path.GetDirectoryName(databaseFile)!, "search-index"));
            builder.UseSetting("uSync:ImportAtStart", "true");
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
            builder.ConfigureTestServices(services =>
            {
                services.Configure<MvcOptions>(o => o.Filters.Add(new FailOnRequest()));
                // HSTS leaves out loopback names by default, and 127.0.0.1 is the only name this browser reaches the
                // site by; a production host name is never on that list, so the header is tested as visitors get it.
                services.Configure<Microsoft.AspNetCore.HttpsPolicy.HstsOptions>(o => o.ExcludedHosts.Clear());
            });
        }
    }
}

[CollectionDefinition("Site")]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>;
