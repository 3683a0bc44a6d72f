using System.Net;
using Campaign.Tests.Infrastructure;

namespace Campaign.Tests.Site;

/// <summary>
/// Behind a TLS-terminating proxy the app sees plain HTTP. README tells the operator to set
/// ASPNETCORE_FORWARDEDHEADERS_ENABLED=true; this checks that the app then takes the proxy's X-Forwarded-Proto,
/// so HSTS is sent, and that without it a request's claim is ignored.
/// </summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task With_forwarded_headers_enabled_a_request_the_proxy_received_over_https_gets_hsts()
    {
        await using var app = new CampaignApp().With("FORWARDEDHEADERS_ENABLED", "true").With("Site:BaseUrl", Site);

        var response = await Forwarded(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "No HSTS header behind a proxy that says https.");
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Without_forwarded_headers_enabled_the_header_is_not_believed()
    {
        await using var app = new CampaignApp().With("Site:BaseUrl", Site);

        var response = await Forwarded(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Empty(app.Errors);
    }

    // HSTS is never sent for localhost, so the site has a name of its own here.
    private const string Site = "https://talomensomhed.example";

    private static Task<HttpResponseMessage> Forwarded(CampaignApp app)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("http://talomensomhed.example"), AllowAutoRedirect = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return client.SendAsync(request);
    }
}
