using System.Threading.RateLimiting;
using Campaign.Web.Content;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Search;

public static class SearchSetup
{
    public const string SearchRateLimit = "search";
    public const string SuggestRateLimit = "search-suggest";

    /// <summary>This node's Lucene index, what keeps it in step (snapshot listener, cache bus, maintenance loop), and the synonyms.</summary>
    public static void AddSiteSearch(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.IndexPath) && o.IndexPath.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Search:IndexPath must be a folder path.")
            .Validate(o => o.CommitInterval > TimeSpan.Zero && o.CommitInterval <= TimeSpan.FromMinutes(10), "Search:CommitInterval must be between 00:00:00.001 and 00:10:00.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.CheckInterval <= TimeSpan.FromDays(1), "Search:CheckInterval must be between 00:00:00.001 and 1.00:00:00.")
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.IndexPath) && o.IndexPath.IndexOfAny(Path.GetInvalidPathChars()) < 0)
                {
                    o.IndexPath = Path.GetFullPath(o.IndexPath, contentRoot);
                }
            })
            .ValidateOnStart();

        builder.Services.AddSingleton<LuceneSearchIndex>();
        builder.Services.AddSingleton<ISearchIndex>(s => s.GetRequiredService<LuceneSearchIndex>());
        builder.Services.AddSingleton<SearchIndexMaintenance>();
        builder.Services.AddHostedService(s => s.GetRequiredService<SearchIndexMaintenance>());
        builder.Services.AddSingleton<ICacheBusHandler>(s => s.GetRequiredService<SearchIndexMaintenance>());
        builder.Services.AddSingleton<SearchSynonyms>();
        builder.Services.AddSingleton<ICacheBusHandler>(s => s.GetRequiredService<SearchSynonyms>());
        builder.Services.AddScoped<SiteSearch>();
        builder.Services.AddScoped<SearchIndexer>();
        builder.Services.AddScoped<ISnapshotListener>(s => s.GetRequiredService<SearchIndexer>());

        // Per IP, GET included: a search that finds nothing looks for close words, so a script hammering /soeg with
        // misses costs more than reading pages. Over the limit: 429 and the Danish error page. Suggestions come with
        // each pause in typing, so they get ten times as many.
        builder.Services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(SearchRateLimit, context => Limiter(context, SearchRateLimit, 1));
            o.AddPolicy(SuggestRateLimit, context => Limiter(context, SuggestRateLimit, 10));
        });
    }

    private static RateLimitPartition<string> Limiter(HttpContext context, string policy, int factor) =>
        SharedRateLimits.FixedWindow(context, policy,
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            context.RequestServices.GetRequiredService<IOptions<AbuseOptions>>().Value.SearchPermitsPerMinute * factor,
            TimeSpan.FromMinutes(1));

    /// <summary>/api/search/suggest?q=: titles and places that start with what is typed, for the search box.</summary>
    public static void MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search/suggest", Results<Ok<IReadOnlyList<Suggestion>>, BadRequest<string>> (string? q, SiteSearch search) =>
        {
            if (q is { Length: > Pages.SearchModel.MaxQueryLength })
            {
                return TypedResults.BadRequest($"Søgningen er for lang. Skriv højst {Pages.SearchModel.MaxQueryLength} tegn.");
            }

            return TypedResults.Ok(search.Suggest(q, 8));
        })
        .AllowAnonymous()
        .CacheOutput(CachingSetup.PublicEvents)
        .RequireRateLimiting(SuggestRateLimit)
        .WithTags("Search");
    }
}
