using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Campaign.E2E;

/// <summary>
/// One fresh browser context per test. After the test: no JavaScript error or CSP violation in the
/// browser, and nothing logged at error level by the app.
/// </summary>
[Collection("Site")]
public abstract class BrowserTest(SiteFixture site) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _browserProblems = new();

    protected SiteFixture Site => site;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>A desktop window unless a test class asks for another.</summary>
    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 900 };

    public async Task InitializeAsync()
    {
        Context = await site.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseUrl,
            Locale = "da-DK",
            ViewportSize = Viewport,
        });
        Page = await Context.NewPageAsync();
        Page.PageError += (_, error) => _browserProblems.Enqueue($"JavaScript error on {Page.Url}: {error}");
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _browserProblems.Enqueue($"CSP violation on {Page.Url}: {message.Text}");
            }
        };
    }

    public async Task DisposeAsync()
    {
        await Context.CloseAsync();

        var logged = site.Errors.Take();
        Assert.True(logged.Count == 0, "The app logged at error level during the test:" + Environment.NewLine + string.Join(Environment.NewLine, logged));
        Assert.True(_browserProblems.IsEmpty, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, _browserProblems));
    }

    /// <summary>Opens a path of the site and returns the response of the main document.</summary>
    protected async Task<IResponse> OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        return response;
    }

    /// <summary>Clicks a link and returns the response of the page it leads to, once that page has loaded.</summary>
    protected async Task<IResponse> FollowAsync(ILocator link)
    {
        var href = await link.GetAttributeAsync("href");
        Assert.False(string.IsNullOrEmpty(href), "The link has no href.");
        var target = new Uri(new Uri(Page.Url), href).ToString();

        var response = await Page.RunAndWaitForResponseAsync(
            () => link.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == Page.MainFrame);
        await Page.WaitForURLAsync(target);
        return response;
    }

    protected Task<string> ActiveElementIdAsync() => Page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");

    protected Task<bool> IsFocusedAsync(ILocator element) => element.EvaluateAsync<bool>("el => el === document.activeElement");

    protected Task ScreenshotAsync(string name, bool fullPage = true) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot(name), FullPage = fullPage });
}
