using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;

namespace Campaign.Web.Features.Search;

public static class SearchSetup
{
    /// <summary>The search index for the configured provider, and what keeps it in step with published content.</summary>
    public static void AddSiteSearch(this WebApplicationBuilder builder)
    {
        if (DataSetup.ReadProvider(builder.Configuration) == DatabaseProvider.PostgreSql)
        {
            builder.Services.AddScoped<ISearchIndex, PostgresSearchIndex>();
        }
        else
        {
            builder.Services.AddScoped<ISearchIndex, SqliteSearchIndex>();
        }

        builder.Services.AddScoped<SiteSearch>();
        builder.Services.AddScoped<SearchIndexer>();
        builder.Services.AddScoped<ISnapshotListener>(s => s.GetRequiredService<SearchIndexer>());
    }
}
