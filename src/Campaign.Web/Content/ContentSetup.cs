using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Campaign.Web.Content.Sync;

namespace Campaign.Web.Content;

public static class ContentSetup
{
    public static void AddContentEngine(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublishedContentCache>();
        builder.Services.AddScoped<ContentService>();
        builder.Services.AddScoped<ContentCommands>();
        builder.Services.AddScoped<SyncImporter>();
        builder.Services.AddScoped<SyncExporter>();
        builder.Services.AddOptions<SyncOptions>()
            .BindConfiguration(SyncOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    /// <summary>
    /// `dotnet run --project src/Campaign.Web -- --usync-export` writes the content to uSync/ and exits, instead of serving.
    /// </summary>
    public static async Task<bool> ExportContentIfAskedAsync(this WebApplication app, string[] args)
    {
        if (!args.Contains("--usync-export"))
        {
            return false;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<SyncExporter>().ExportAsync();
        Console.WriteLine($"uSync: {report.Written} written, {report.Unchanged} unchanged, {report.Removed} removed in {report.Folder}");
        return true;
    }

    /// <summary>Imports uSync/ (creating the starter site on first start) and builds the published cache before the first request.</summary>
    public static async Task ImportStarterContentAsync(this WebApplication app)
    {
        // What is live now, before the import: a file that renames a published page leaves 301s from its old address.
        await app.Services.GetRequiredService<PublishedContentCache>().RefreshAsync(app.Lifetime.ApplicationStopping);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<SyncImporter>();
            if (app.Services.GetRequiredService<IOptions<SyncOptions>>().Value.ImportAtStart)
            {
                await importer.ImportAsync(app.Lifetime.ApplicationStopping);
            }
        }

        await app.Services.GetRequiredService<PublishedContentCache>().RefreshAsync(app.Lifetime.ApplicationStopping);
    }
}
