using Campaign.Web.Shared;

namespace Campaign.Web.Features.Associations;

public static class AssociationsSetup
{
    public static void AddAssociations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Setup.AbuseOptions>()
            .BindConfiguration(Setup.AbuseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<FormGuard>();
        builder.Services.AddScoped<AccountMails>();
        builder.Services.AddScoped<EventMails>();
    }
}
