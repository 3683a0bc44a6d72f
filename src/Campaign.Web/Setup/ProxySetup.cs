using System.ComponentModel.DataAnnotations;
using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Setup;

/// <summary>
/// The TLS-terminating proxies or load balancers in front of the app (configuration section <c>Proxy</c>). Only a
/// request that arrives from one of them may say, in X-Forwarded-For and X-Forwarded-Proto, who the client was and
/// whether it came over https; anyone else's forwarded headers are ignored, so a client cannot pick the address the
/// rate limits and logs see.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>Single proxy addresses (IPv4 or IPv6), such as 10.0.0.5.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, such as 10.0.0.0/8.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies in a row are believed (X-Forwarded-For entries read from the right). 1 for one load balancer;
    /// 2 for a CDN in front of a load balancer, with both in the lists above.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>ASPNETCORE_FORWARDEDHEADERS_ENABLED, read by the app from its configuration, never set by the operator here.</summary>
    internal bool TrustEveryoneSwitch { get; set; }

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (TrustEveryoneSwitch)
        {
            yield return new ValidationResult(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts X-Forwarded-For and X-Forwarded-Proto from anyone who can reach the app's port. " +
                "Remove it and name the proxies instead: Proxy:KnownProxies (addresses) or Proxy:KnownNetworks (CIDR networks).",
                [nameof(TrustEveryoneSwitch)]);
        }

        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i]?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Proxy:KnownProxies:{i} must be an IP address, such as 10.0.0.5 (it is '{KnownProxies[i]}').", [nameof(KnownProxies)]);
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i]?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Proxy:KnownNetworks:{i} must be a network in CIDR notation, such as 10.0.0.0/8 (it is '{KnownNetworks[i]}').", [nameof(KnownNetworks)]);
            }
        }

        if (ForwardLimit is < 1 or > 10)
        {
            yield return new ValidationResult($"Proxy:ForwardLimit must be from 1 to 10 (it is {ForwardLimit}).", [nameof(ForwardLimit)]);
        }
    }
}

public static class ProxySetup
{
    public static void AddCampaignProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .Configure<IConfiguration>((o, configuration) => o.TrustEveryoneSwitch = configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Registered after the web host's own setup, so this wins over its defaults. The scheme and the client address
        // only: the host stays the request's own, which host filtering (AllowedHosts) has checked, and links never
        // come from it anyway (Site:BaseUrl).
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = proxy.Value.ForwardLimit;
            // The defaults trust loopback; only what the operator names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address.Trim()));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(IPNetwork.Parse(network.Trim()));
            }
        });
    }

    /// <summary>
    /// First in the pipeline, so everything after it (error pages, HSTS, rate limits, sign-in, logs) sees the client's
    /// address and scheme. Without configured proxies, nothing is forwarded.
    /// </summary>
    public static void UseCampaignProxy(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }
    }
}
