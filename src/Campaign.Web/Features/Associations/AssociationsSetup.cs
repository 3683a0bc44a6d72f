namespace Campaign.Web.Features.Associations;

public static class AssociationsSetup
{
    public static void AddAssociations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FormGuard>();
        builder.Services.AddScoped<AccountMails>();
        builder.Services.AddScoped<EventMails>();
        builder.Services.AddHostedService<Moderation.ModerationDigest>();
        builder.Services.AddOptions<BackOffice.Scheduling.SchedulingOptions>()
            .BindConfiguration(BackOffice.Scheduling.SchedulingOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PollInterval <= TimeSpan.FromHours(24), "Scheduling:PollInterval must be between 00:00:00.001 and 1.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BackOffice.Scheduling.ContentScheduler>();
        builder.Services.AddHostedService(s => s.GetRequiredService<BackOffice.Scheduling.ContentScheduler>());
    }
}
