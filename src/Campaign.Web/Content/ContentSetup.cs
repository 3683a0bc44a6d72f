using Microsoft.Extensions.DependencyInjection.Extensions;
using Campaign.Web.Content.Sync;

namespace Campaign.Web.Content;

public static class ContentSetup
{
    public static void AddContentEngine(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublishedContentCache>();
        builder.Services.AddScoped<ContentService>();
        builder.Services.AddScoped<SyncImporter>();
        builder.Services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section);
    }

    /// <summary>Imports uSync/ (creating the starter site on first start) and builds the published cache before the first request.</summary>
    public static async Task ImportStarterContentAsync(this WebApplication app)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<SyncImporter>();
            if (app.Configuration.GetValue("uSync:ImportAtStart", true))
            {
                await importer.ImportAsync(app.Lifetime.ApplicationStopping);
            }
        }

        await app.Services.GetRequiredService<PublishedContentCache>().RefreshAsync(app.Lifetime.ApplicationStopping);
    }
}
