using System.Threading.RateLimiting;
using Campaign.Web.Features.Newsletter;
using Microsoft.AspNetCore.RateLimiting;

// In the Setup namespace with the other Add* methods, so Program.cs needs no extra using.
namespace Campaign.Web.Setup;

public static class NewsletterSetup
{
    /// <summary>The rate limit on signing up: posts per IP address.</summary>
    public const string SignupRateLimit = "newsletter-signup";

    /// <summary>The signup, its mails and links, the list headers, the hourly cleanup, and the dispatch of composed issues.</summary>
    public static void AddNewsletter(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NewsletterLinks>();
        builder.Services.AddScoped<NewsletterHeaders>();
        builder.Services.AddScoped<NewsletterMails>();
        builder.Services.AddHostedService<NewsletterCleanup>();

        // The composer's issues, queued through the outbox by one dispatcher per node; the page wakes it on send.
        builder.Services.AddOptions<NewsletterOptions>()
            .BindConfiguration(NewsletterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IssueDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IssueDispatcher>());

        // Reading the form is free; sending it is what a bot repeats. "Abuse:NewsletterPermitsPer10Minutes" lets tests raise it.
        // Unsubscribing is not limited: mail providers post one-click unsubscribes for many people from few addresses.
        var permits = builder.Configuration.GetValue("Abuse:NewsletterPermitsPer10Minutes", 10);
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(SignupRateLimit, context =>
            HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : SharedRateLimits.FixedWindow(context, SignupRateLimit,
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown", permits, TimeSpan.FromMinutes(10))));
    }
}
