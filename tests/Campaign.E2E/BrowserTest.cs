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
    private readonly List<IBrowserContext> _otherContexts = [];

    protected SiteFixture Site => site;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>A desktop window unless a test class asks for another.</summary>
    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 900 };

    public async Task InitializeAsync()
    {
        (Context, Page) = await OpenContextAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _otherContexts)
        {
            await context.CloseAsync();
        }

        await Context.CloseAsync();

        var logged = site.Errors.Take();
        Assert.True(logged.Count == 0, "The app logged at error level during the test:" + Environment.NewLine + string.Join(Environment.NewLine, logged));
        Assert.True(_browserProblems.IsEmpty, "The browser reported problems:" + Environment.NewLine + string.Join(Environment.NewLine, _browserProblems));
    }

    /// <summary>
    /// Another person at another browser (own cookies), watched like the test's own page and closed after the test.
    /// For journeys with more than one person, e.g. an association and an editor.
    /// </summary>
    protected async Task<IPage> NewPersonAsync()
    {
        var (context, page) = await OpenContextAsync();
        _otherContexts.Add(context);
        return page;
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenContextAsync()
    {
        var context = await site.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _browserProblems.Enqueue($"JavaScript error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                _browserProblems.Enqueue($"CSP violation on {page.Url}: {message.Text}");
            }
        };
        return (context, page);
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

    protected Task ScreenshotAsync(string name, bool fullPage = true) => ScreenshotAsync(Page, name, fullPage);

    protected static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot(name), FullPage = fullPage });
}
