using Campaign.Web.Features.Moderation;

// In the Setup namespace with the other Add* methods, so Program.cs needs no extra using.
namespace Campaign.Web.Setup;

public static class ModerationSetup
{
    /// <summary>The editors' morning mail about what waits for moderation.</summary>
    public static void AddModeration(this WebApplicationBuilder builder) =>
        builder.Services.AddHostedService<ModerationDigest>();
}
