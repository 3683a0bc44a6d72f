using Campaign.Web.Features.Newsletter.Bounces;

// In the Setup namespace with the other Add* methods, so Program.cs needs no extra using.
namespace Campaign.Web.Setup;

public static class BounceSetup
{
    /// <summary>The bounce mailbox's settings (checked at start), and its reader when Bounces:Host is set.</summary>
    public static void AddBounces(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BounceOptions>()
            .BindConfiguration(BounceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{BounceOptions.Section}:{nameof(BounceOptions.Host)}"]))
        {
            builder.Services.AddSingleton<BounceReader>();
            builder.Services.AddHostedService(services => services.GetRequiredService<BounceReader>());
        }
    }
}
