using System.Net;
using Campaign.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Site;

/// <summary>
/// Behind a TLS-terminating proxy the app sees plain HTTP from the proxy's address. Only a proxy named in
/// Proxy:KnownProxies or Proxy:KnownNetworks may say who the client was (X-Forwarded-For) and that it came over https
/// (X-Forwarded-Proto): then HSTS is sent and the rate limits count each client, not the proxy. Anyone else's
/// forwarded headers are ignored.
/// </summary>
public sealed class ProxyTests
{
    private const string ProxyAddress = "10.0.0.5";
    private const string Stranger = "192.0.2.1";

    [Theory]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/8")]
    [InlineData("Proxy:KnownProxies:0", ProxyAddress)]
    public async Task From_a_known_proxy_the_client_address_and_scheme_are_the_forwarded_ones(string key, string value)
    {
        await using var app = new PeerApp().With(key, value).With("Site:BaseUrl", Site).With("Abuse:SearchPermitsPerMinute", "2");

        var page = await Send(app, ProxyAddress, "/", "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.Contains("Strict-Transport-Security"), "No HSTS header behind a known proxy that says https.");

        // One client uses up its searches; another client behind the same proxy is not locked out with it.
        Assert.Equal(HttpStatusCode.OK, (await Send(app, ProxyAddress, "/soeg?q=ensomhed", "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, ProxyAddress, "/soeg?q=venskab", "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(app, ProxyAddress, "/soeg?q=fællesskab", "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, ProxyAddress, "/soeg?q=fællesskab", "198.51.100.20")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task From_an_address_that_is_not_a_known_proxy_the_headers_are_ignored()
    {
        await using var app = new PeerApp().With("Proxy:KnownNetworks:0", "10.0.0.0/8").With("Site:BaseUrl", Site)
            .With("Abuse:SearchPermitsPerMinute", "2");

        var page = await Send(app, Stranger, "/", "203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"), "A stranger's X-Forwarded-Proto was believed.");

        // Claiming to be a new client each time does not buy a stranger new searches: they all count on its own address.
        Assert.Equal(HttpStatusCode.OK, (await Send(app, Stranger, "/soeg?q=ensomhed", "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(app, Stranger, "/soeg?q=venskab", "203.0.113.8")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(app, Stranger, "/soeg?q=fællesskab", "203.0.113.9")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Without_configured_proxies_the_headers_are_not_believed()
    {
        await using var app = new PeerApp().With("Site:BaseUrl", Site);

        var page = await Send(app, ProxyAddress, "/", "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Empty(app.Errors);
    }

    [Theory]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0/33", "Proxy:KnownNetworks:0")]
    [InlineData("Proxy:KnownNetworks:0", "10.0.0.0", "Proxy:KnownNetworks:0")]
    [InlineData("Proxy:KnownProxies:0", "proxy.internal", "Proxy:KnownProxies:0")]
    [InlineData("Proxy:ForwardLimit", "0", "Proxy:ForwardLimit")]
    // The framework's switch trusts forwarded headers from anyone who can reach the port.
    [InlineData("FORWARDEDHEADERS_ENABLED", "true", "ASPNETCORE_FORWARDEDHEADERS_ENABLED")]
    public void A_wrong_proxy_setting_stops_the_start_naming_the_key(string key, string value, string named)
    {
        using var app = new CampaignApp().With(key, value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(named, error.Message);
    }

    // HSTS is never sent for localhost, so the site has a name of its own here.
    private const string Site = "https://talomensomhed.example";

    private static Task<HttpResponseMessage> Send(CampaignApp app, string peer, string path, string forwardedFor)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://talomensomhed.example"), AllowAutoRedirect = false });
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(PeerHeader, peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private const string PeerHeader = "X-Test-Peer";

    /// <summary>
    /// The test server has no network connection, so no peer address; this sets the one a real connection would have,
    /// before the app's own pipeline (forwarded headers first) runs.
    /// </summary>
    private sealed class PeerApp : CampaignApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFilter>());
        }
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
