using Campaign.Web.Features.BackOffice.Scheduling;

// In the Setup namespace with the other Add* methods, so Program.cs needs no extra using.
namespace Campaign.Web.Setup;

public static class BackOfficeSetup
{
    /// <summary>The back office's background work (scheduled publishing and unpublishing) and its shell's services.</summary>
    public static void AddBackOffice(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromHours(24), "Scheduling:PollInterval must be between 00:00:00.001 and 1.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContentScheduler>();
        builder.Services.AddScoped<Campaign.Web.Features.BackOffice.Shell.ContentOutline>();
        builder.Services.AddSingleton<Campaign.Web.Features.BackOffice.Safety.PreviewTokens>();
        builder.Services.AddHostedService(s => s.GetRequiredService<ContentScheduler>());
    }
}
