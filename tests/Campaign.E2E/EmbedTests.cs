using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.E2E;

/// <summary>
/// /embed/arrangementer is the one page other sites may show in an iframe (frame-ancestors *); every other page
/// refuses to be framed (frame-ancestors 'none', X-Frame-Options DENY).
/// </summary>
public sealed class EmbedTests(SiteFixture site) : BrowserTest(site)
{
    [Fact]
    public async Task The_embed_page_lists_the_municipalitys_events_and_is_accessible()
    {
        var response = await OpenAsync("/embed/arrangementer?kommune=175");
        Assert.Equal(200, response.Status);
        await Expect(Page.Locator("h1")).ToHaveTextAsync("Arrangementer i Rødovre");
        await Expect(Page.Locator("main#indhold")).ToHaveCountAsync(1);
        var cards = Page.Locator(".event-list > .event-card");
        Assert.True(await cards.CountAsync() > 0, "The embed for Rødovre lists no events.");
        foreach (var card in await cards.AllAsync())
        {
            await Expect(card).ToContainTextAsync("Rødovre Kommune");
            await Expect(card.Locator(".event-card__title a")).ToHaveAttributeAsync("target", "_blank");
        }

        await Expect(Page.Locator(".embed__more a")).ToHaveAttributeAsync("href", "/arrangementer?kommune=175");
        await Page.AssertAccessibleAsync();
        await ScreenshotAsync("embed-roedovre");
    }

    [Fact]
    public async Task The_embed_works_inside_an_iframe_on_another_site()
    {
        await using var partner = await PartnerServer.StartAsync();
        var (host, console) = await PartnerPageAsync(partner, $"{Site.BaseUrl}/embed/arrangementer?kommune=175");

        var frame = host.FrameLocator("iframe");
        await Expect(frame.Locator("h1")).ToHaveTextAsync("Arrangementer i Rødovre");
        await Expect(frame.Locator(".event-card").First).ToContainTextAsync("Rødovre Kommune");
        var content = host.Frames.Single(f => f != host.MainFrame);
        Assert.StartsWith(Site.BaseUrl + "/embed/arrangementer", content.Url, StringComparison.Ordinal);
        Assert.False(
            console.Any(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || m.Contains("X-Frame-Options", StringComparison.OrdinalIgnoreCase)),
            "The browser objected to the embed:" + Environment.NewLine + string.Join(Environment.NewLine, console));

        await host.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("embed-in-iframe"), FullPage = true });
    }

    [Fact]
    public async Task Other_pages_refuse_to_be_shown_in_an_iframe_on_another_site()
    {
        await using var partner = await PartnerServer.StartAsync();
        var (host, console) = await PartnerPageAsync(partner, $"{Site.BaseUrl}/");

        // Chromium reports the refusal on the embedding page's console and shows an error page in the frame instead.
        var refusal = $"Framing '{Site.BaseUrl}/' violates the following Content Security Policy directive: \"frame-ancestors 'none'\"";
        for (var i = 0; i < 50 && !console.Any(m => m.Contains(refusal, StringComparison.Ordinal)); i++)
        {
            await host.WaitForTimeoutAsync(100);
        }

        Assert.True(
            console.Any(m => m.Contains(refusal, StringComparison.Ordinal)),
            "Chromium did not report refusing the frame. Console of the partner page:" + Environment.NewLine + string.Join(Environment.NewLine, console));

        // In place of the home page the frame holds Chromium's error page (chrome-error://chromewebdata/).
        var frame = host.Frames.Single(f => f != host.MainFrame);
        Assert.False(frame.Url.StartsWith(Site.BaseUrl, StringComparison.Ordinal), $"The frame is at {frame.Url}.");
        Assert.False(await ShowsTheSiteAsync(frame), $"The home page was shown in a frame on {partner.Url}.");
        await Expect(host.FrameLocator("iframe").Locator("a.skip-link")).ToHaveCountAsync(0);

        await host.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("embed-home-refused"), FullPage = true });
    }

    /// <summary>
    /// Opens a page of a partner's website (another origin and site: localhost on its own port, served by
    /// <see cref="PartnerServer"/>) with one iframe showing <paramref name="src"/>; returns once the page and its
    /// frame have loaded or failed to. The page is not <see cref="BrowserTest.Page"/>, so a refusal it reports on
    /// its console is not counted as a CSP violation of the site; the caller decides what to expect.
    /// </summary>
    private async Task<(IPage Host, ConcurrentQueue<string> Console)> PartnerPageAsync(PartnerServer partner, string src)
    {
        partner.Html = $"""
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Rødovre Kommune</title></head>
            <body><h1>Rødovre Kommune</h1>
            <iframe src="{WebUtility.HtmlEncode(src)}" title="Arrangementer mod ensomhed" width="600" height="600" style="border:0"></iframe>
            </body></html>
            """;

        var host = await Context.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        host.Console += (_, message) => console.Enqueue($"{message.Type}: {message.Text}");
        host.PageError += (_, error) => console.Enqueue($"pageerror: {error}");

        var response = await host.GotoAsync(partner.Url + "/kalender", new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response?.Status);
        await Expect(host.Locator("iframe")).ToHaveCountAsync(1);
        Assert.Equal(2, host.Frames.Count);
        return (host, console);
    }

    private static async Task<bool> ShowsTheSiteAsync(IFrame frame)
    {
        try
        {
            var html = await frame.ContentAsync();
            return html.Contains("skip-link", StringComparison.Ordinal) || html.Contains("Tal om ensomhed", StringComparison.Ordinal);
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }
}

/// <summary>
/// A municipality's own website: one HTML page on its own Kestrel at http://localhost:{port}, so a frame of the
/// campaign site (http://127.0.0.1:{port}) is cross-origin and cross-site, as in production. Both are loopback,
/// so Chromium's Local Network Access checks stay out of the way.
/// </summary>
internal sealed class PartnerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PartnerServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public string Html { get; set; } = "";

    public static async Task<PartnerServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        PartnerServer? server = null;
        app.MapGet("/kalender", () => Results.Content(server!.Html, "text/html; charset=utf-8"));
        await app.StartAsync();

        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server = new PartnerServer(app, $"http://localhost:{address.Port}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
