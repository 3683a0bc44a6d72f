using Campaign.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Campaign.Web.Setup;

public static class DataSetup
{
    public const string DefaultConnection = "Data Source=App_Data/campaign.db";

    public static void AddCampaignData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var provider = ReadProvider(builder.Configuration);
        var connection = builder.Configuration.GetConnectionString("Campaign");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                throw new InvalidOperationException(
                    "Database:Provider is PostgreSql but ConnectionStrings:Campaign is empty. " +
                    "Set it, e.g. ConnectionStrings__Campaign=\"Host=localhost;Database=campaign;Username=campaign;Password=...\".");
            }

            connection = DefaultConnection;
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            connection = PrepareSqliteFile(connection, builder.Environment.ContentRootPath);
        }

        if (provider == DatabaseProvider.PostgreSql)
        {
            connection = WithPreparedStatements(connection);
        }

        // Pooled: a request reuses a context (and the EF services behind it) instead of building them anew, which was a
        // measurable part of every uncached public page. CampaignDb holds no state of its own beyond what EF resets.
        builder.Services.AddDbContextPool<CampaignDb>(options =>
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(connection);
            }
            else
            {
                options.UseSqlite(connection);
            }

            // The migrations are written by hand (see README), so there is no model snapshot to compare with;
            // DatabaseSchemaTests checks instead that the migrated schema matches the model.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
    }

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        if (Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider))
        {
            return provider;
        }

        throw new InvalidOperationException($"Database:Provider is '{value}'; use 'Sqlite' or 'PostgreSql'.");
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a node runs again and again (the listing, the outbox poll), so PostgreSQL
    /// plans them once per connection instead of on every request, unless the operator chose otherwise in the
    /// connection string (Max Auto Prepare=0 behind a pooler that cannot keep prepared statements).
    /// </summary>
    private static string WithPreparedStatements(string connection)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        if (!connection.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connection.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 50;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>Resolves a relative SQLite path against the content root and makes sure its folder exists.</summary>
    private static string PrepareSqliteFile(string connection, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connection);
        var source = builder.DataSource;
        if (source is "" or ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || builder.Mode == SqliteOpenMode.Memory)
        {
            return connection;
        }

        if (!Path.IsPathRooted(source))
        {
            source = Path.Combine(contentRoot, source);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        builder.DataSource = source;
        return builder.ToString();
    }

    /// <summary>
    /// Applies pending migrations (an existing database is upgraded in place, never recreated) and,
    /// on SQLite, switches the file to write-ahead logging so readers never wait for a writer.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();

        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        // Create a missing database first: MigrateAsync would log a connection error on its way to doing the same.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync())
        {
            await creator.CreateAsync();
        }

        // Likewise the history table: the Npgsql provider logs a failed SELECT from it before creating it.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();

        // EF logs each migration it applies (category Microsoft.EntityFrameworkCore.Migrations).
        await db.Database.MigrateAsync();
    }
}
