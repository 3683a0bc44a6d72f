using System.Collections.Concurrent;
using Campaign.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// The real application on a database of its own: a fresh SQLite file, or a fresh PostgreSQL database
/// when the test script sets CAMPAIGN_TEST_DATABASE=PostgreSql. Every log entry at error level is kept
/// so a test can assert that nothing went wrong behind the response it saw.
/// </summary>
public class CampaignApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("campaign-test-").FullName;
    private readonly Dictionary<string, string?> _settings = new();

    private readonly bool _ownsDatabase = true;

    public CampaignApp()
    {
        Provider = TestDatabase.Provider;
        ConnectionString = Provider == DatabaseProvider.PostgreSql
            ? TestDatabase.NewPostgresDatabase()
            : $"Data Source={Path.Combine(_folder, "campaign.db")}";
    }

    /// <summary>A second app node on another app's database, as behind a load balancer.</summary>
    public static CampaignApp SecondNode(CampaignApp sharedWith) => new(sharedWith);

    // Not public: xunit wants one public constructor on a class fixture.
    private CampaignApp(CampaignApp sharedWith)
    {
        Provider = sharedWith.Provider;
        ConnectionString = sharedWith.ConnectionString;
        _ownsDatabase = false;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Folder => _folder;
    public ConcurrentQueue<string> Errors { get; } = new();

    private TimeProvider? _clock;
    private string? _contentRoot;

    /// <summary>
    /// Runs the app from a content root of its own (a copy of appsettings.json in the app's folder), as each container of
    /// a real deployment has its own file system: without one shared key ring and a fixed application name, what one node
    /// signed would not be readable on the next. Call before the app starts.
    /// </summary>
    public CampaignApp OnOwnMachine()
    {
        _contentRoot = Path.Combine(_folder, "app");
        Directory.CreateDirectory(_contentRoot);
        File.Copy(Campaign.Web.Setup.RepositoryPaths.Find(Path.Combine("src", "Campaign.Web", "appsettings.json")), Path.Combine(_contentRoot, "appsettings.json"), overwrite: true);
        return this;
    }

    /// <summary>Replaces the app's clock (e.g. a FakeTimeProvider); call before the app starts.</summary>
    public CampaignApp UseClock(TimeProvider clock)
    {
        _clock = clock;
        return this;
    }

    /// <summary>Overrides one configuration key; call before the app starts.</summary>
    public CampaignApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_contentRoot is not null)
        {
            builder.UseContentRoot(_contentRoot);
        }

        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Campaign", ConnectionString);
        // "Testing" is not Development, so the app needs its public address; the test client calls it http://localhost.
        builder.UseSetting("Site:BaseUrl", "http://localhost");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is { } clock)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new ErrorCollector(Errors));
        });
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Runs work against the app's own database and services.</summary>
    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql && _ownsDatabase && Server is not null)
        {
            await using var scope = Services.CreateAsyncScope();
            NpgsqlConnection.ClearAllPools();
            await scope.ServiceProvider.GetRequiredService<CampaignDb>().Database.EnsureDeletedAsync();
        }

        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizer; the OS temp cleaner takes it.
        }
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Collector(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error)
                {
                    errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}

public static class TestDatabase
{
    public static DatabaseProvider Provider =>
        Environment.GetEnvironmentVariable("CAMPAIGN_TEST_DATABASE") is { Length: > 0 } value
            ? Enum.Parse<DatabaseProvider>(value, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    /// <summary>A connection string to a database name no other test uses; EF creates it on first migration.</summary>
    public static string NewPostgresDatabase()
    {
        var server = Environment.GetEnvironmentVariable("CAMPAIGN_TEST_POSTGRES")
            ?? throw new InvalidOperationException("CAMPAIGN_TEST_DATABASE=PostgreSql needs CAMPAIGN_TEST_POSTGRES, e.g. \"Host=127.0.0.1;Port=55432;Username=postgres\" (test.sh sets both).");
        return new NpgsqlConnectionStringBuilder(server) { Database = $"campaign_test_{Guid.NewGuid():N}" }.ToString();
    }
}

/// <summary>
/// Base for tests against the running app: each test starts with an empty error log and fails if
/// anything was logged at error level while it ran.
/// </summary>
[Trait("Category", "Integration")]
public abstract class IntegrationTest<TApp>(TApp app) : IClassFixture<TApp>, IAsyncLifetime where TApp : CampaignApp
{
    protected TApp App { get; } = app;

    public virtual Task InitializeAsync()
    {
        App.Errors.Clear();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync()
    {
        Assert.True(App.Errors.IsEmpty, "Logged at error level:\n" + string.Join("\n", App.Errors));
        return Task.CompletedTask;
    }
}
