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
            // Scopes carry the request's trace and span ids (W3C, as in a traceparent header from the load balancer), so
            // every line a request causes, on any node, can be found by one id.
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
            });
        }

        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // Give in-flight requests time to finish when the host is asked to stop (SIGTERM from Docker or systemd).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
    }
}
