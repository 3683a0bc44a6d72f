using Campaign.Web.Content;

namespace Campaign.Web.Setup;

public static class CachingSetup
{
    /// <summary>Public pages that show content: cached until content is published again.</summary>
    public const string PublicContent = "public-content";

    /// <summary>Public pages and feeds that show events (and content such as series names): evicted by either.</summary>
    public const string PublicEvents = "public-events";

    public static void AddCampaignCaching(this WebApplicationBuilder builder)
    {
        if (DataSetup.ReadProvider(builder.Configuration) == Data.DatabaseProvider.PostgreSql)
        {
            builder.Services.AddSingleton<PostgresCacheBus>();
            builder.Services.AddSingleton<ICacheBus>(s => s.GetRequiredService<PostgresCacheBus>());
            builder.Services.AddHostedService(s => s.GetRequiredService<PostgresCacheBus>());
        }
        else
        {
            builder.Services.AddSingleton<ICacheBus, LocalCacheBus>();
        }

        builder.Services.AddOutputCache(options =>
        {
            // The default policy already refuses to cache responses that set cookies or answer signed-in requests.
            options.AddPolicy(PublicContent, policy => policy
                .Tag(PublishedContentCache.OutputCacheTag)
                .Tag(Features.Events.EventStore.OutputCacheTag)
                .Expire(TimeSpan.FromHours(1)));
            options.AddPolicy(PublicEvents, policy => policy
                .Tag(PublishedContentCache.OutputCacheTag, Features.Events.EventStore.OutputCacheTag)
                .SetVaryByQuery("*")
                .Expire(TimeSpan.FromMinutes(10)));
        });

        // One cache bus per deployment: PostgreSQL's LISTEN/NOTIFY also when Redis is configured (docs/design/topology.md).
        builder.AddCampaignRedis();
    }
}
