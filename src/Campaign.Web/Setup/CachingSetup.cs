using Campaign.Web.Content;

namespace Campaign.Web.Setup;

public static class CachingSetup
{
    /// <summary>Public pages that show content: cached until content is published again.</summary>
    public const string PublicContent = "public-content";

    public static void AddCampaignCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(options =>
        {
            // The default policy already refuses to cache responses that set cookies or answer signed-in requests.
            options.AddPolicy(PublicContent, policy => policy
                .Tag(PublishedContentCache.OutputCacheTag)
                .Expire(TimeSpan.FromHours(1)));
        });
    }
}
