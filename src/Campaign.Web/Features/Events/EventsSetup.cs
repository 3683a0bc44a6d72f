namespace Campaign.Web.Features.Events;

/// <summary>The events feature's own services; the machine-readable calendar registers its CORS policy in <see cref="EventsApi"/>.</summary>
public static class EventsSetup
{
    public static void AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EventStore>();
        builder.Services.AddScoped<DemoEvents>();
    }

    /// <summary>Demo events for a lively site; on by default in Development (Seed:DemoData).</summary>
    public static async Task SeedDemoEventsAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Seed:DemoData", app.Environment.IsDevelopment()))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoEvents>().SeedAsync(app.Lifetime.ApplicationStopping);
    }
}
