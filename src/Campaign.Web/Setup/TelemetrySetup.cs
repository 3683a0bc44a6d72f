using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using IPNetwork = System.Net.IPNetwork;

namespace Campaign.Web.Setup;

/// <summary>
/// The Prometheus scrape endpoint (configuration section <c>Metrics</c>). Off unless a port or networks are named: the
/// figures (request rates, backlog, search times) are for the operator, never for the public behind the load balancer.
/// </summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>
    /// A port of its own for the scrape endpoint (a second Kestrel endpoint, on every interface): /metrics answers there
    /// and nowhere else. Keep it off the load balancer and out of the firewall's public rules.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Networks (CIDR, such as 10.0.0.0/8) whose addresses may scrape; with <see cref="Port"/>, both must hold.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public string Path { get; set; } = "/metrics";

    public bool Enabled => Port is not null || AllowedNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Metrics:Port must be a port from 1 to 65535 (it is {Port}).", [nameof(Port)]);
        }

        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(AllowedNetworks[i]?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Metrics:AllowedNetworks:{i} must be a network in CIDR notation, such as 10.0.0.0/8 (it is '{AllowedNetworks[i]}').",
                    [nameof(AllowedNetworks)]);
            }
        }

        if (!Path.StartsWith('/') || Path.Length < 2)
        {
            yield return new ValidationResult($"Metrics:Path must be a path such as /metrics (it is '{Path}').", [nameof(Path)]);
        }
    }

    /// <summary>Whether a request may read the metrics: on the metrics port (when one is set) from an allowed network (when any are set).</summary>
    public bool Admits(HttpContext context)
    {
        if (Port is { } port && context.Connection.LocalPort != port)
        {
            return false;
        }

        if (AllowedNetworks.Count == 0)
        {
            return true;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return AllowedNetworks.Any(n => IPNetwork.Parse(n.Trim()).Contains(address));
    }
}

public static class TelemetrySetup
{
    public static void AddCampaignTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The app's own instruments exist whether or not anyone collects them; recording without a listener is free.
        builder.Services.AddSingleton<CampaignMetrics>();
        builder.Services.AddOptions<OutputCacheOptions>()
            .Configure<CampaignMetrics>((o, metrics) => o.AddBasePolicy(new OutputCacheMetricsPolicy(metrics)));

        var section = builder.Configuration.GetSection(MetricsOptions.Section);
        var port = section.GetValue<int?>(nameof(MetricsOptions.Port));
        var networks = section.GetSection(nameof(MetricsOptions.AllowedNetworks)).GetChildren().Any();
        if (port is null && !networks)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("campaign-web"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(CampaignMetrics.MeterName)
                .AddPrometheusExporter());

        if (port is >= 1 and <= 65535)
        {
            builder.WebHost.UseUrls(WithMetricsPort(builder.Configuration, port.Value));

            // First of all startup filters, so before host filtering: a scraper names the node by its internal address
            // (app1:9464), which AllowedHosts rightly refuses on the public port.
            builder.Services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, MetricsPortFilter>());
        }
    }

    /// <summary>
    /// The addresses the app listens on plus the metrics port. Kestrel takes either the configured addresses or endpoints
    /// set in code, never both, so the metrics port joins the configured list (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS,
    /// or Kestrel's own default) instead of being added in code.
    /// </summary>
    internal static string WithMetricsPort(IConfiguration configuration, int port)
    {
        var addresses = new List<string>();
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            addresses.AddRange(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        else
        {
            addresses.AddRange(Ports(configuration["http_ports"]).Select(p => $"http://*:{p}"));
            addresses.AddRange(Ports(configuration["https_ports"]).Select(p => $"https://*:{p}"));
            if (addresses.Count == 0)
            {
                addresses.Add("http://localhost:5000");
            }
        }

        addresses.Add($"http://*:{port}");
        return string.Join(';', addresses);
    }

    private static IEnumerable<string> Ports(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Without a metrics port, the scrape endpoint for <see cref="MetricsOptions.AllowedNetworks"/> sits right after the
    /// proxy step, so the address checked is the client's: a request through the load balancer comes from a public
    /// address and falls through to the ordinary 404. (With a port, <see cref="MetricsPortFilter"/> serves it.)
    /// </summary>
    public static void UseCampaignMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled || options.Port is not null)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            context => context.Request.Path == options.Path && options.Admits(context));
    }

    /// <summary>
    /// The metrics port answers the scrape endpoint and nothing else, ahead of the whole pipeline: no page of the site
    /// is served there, and there is no proxy on it, so <see cref="MetricsOptions.AllowedNetworks"/> is checked against
    /// the connection's own peer.
    /// </summary>
    private sealed class MetricsPortFilter(IOptions<MetricsOptions> options) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var metrics = options.Value;
            app.MapWhen(context => context.Connection.LocalPort == metrics.Port, port =>
            {
                port.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == metrics.Path && metrics.Admits(context));
                port.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            });
            next(app);
        };
    }
}
