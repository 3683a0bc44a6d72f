namespace Campaign.Web.Setup;

public static class LoggingSetup
{
    /// <summary>
    /// Structured JSON lines outside Development so a log collector can index fields; readable lines while developing.
    /// </summary>
    public static void AddCampaignLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }

        // Give in-flight requests time to finish when the host is asked to stop (SIGTERM from Docker or systemd).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
    }
}
