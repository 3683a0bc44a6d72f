using System.Threading.RateLimiting;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Search;

public static class SearchSetup
{
    public const string SearchRateLimit = "search";

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

        // Per IP, GET included: a search that finds nothing scans the vocabulary for close words, so a script
        // hammering /soeg with misses costs far more than reading pages. Over the limit: 429 and the Danish error page.
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(SearchRateLimit, context =>
            SharedRateLimits.FixedWindow(context, SearchRateLimit,
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                context.RequestServices.GetRequiredService<IOptions<AbuseOptions>>().Value.SearchPermitsPerMinute,
                TimeSpan.FromMinutes(1))));
    }
}
