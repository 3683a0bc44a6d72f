using System.Net;
using AngleSharp.Html.Dom;
using Campaign.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Campaign.Tests.Cluster;

/// <summary>
/// Two app nodes as two containers behind a load balancer: one PostgreSQL database, each node its own content root
/// (and so its own file system), media on one shared folder, and Redis when given. A browser's cookies travel with it from
/// one node to the other.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private readonly string _media = Directory.CreateTempSubdirectory("campaign-shared-media-").FullName;
    private readonly CookieContainer _cookies = new();

    public TwoNodes(string? redis = null, params (string Key, string Value)[] settings)
    {
        A = Configure(new CampaignApp(), redis, settings);
        _ = A.Server;
        B = Configure(CampaignApp.SecondNode(A), redis, settings);
        _ = B.Server;
    }

    public CampaignApp A { get; }

    public CampaignApp B { get; }

    /// <summary>The same browser, talking to node A.</summary>
    public HttpClient BrowserOnA() => A.CreateDefaultClient(new CookieContainerHandler(_cookies));

    /// <summary>The same browser, talking to node B.</summary>
    public HttpClient BrowserOnB() => B.CreateDefaultClient(new CookieContainerHandler(_cookies));

    public string MediaRoot => _media;

    /// <summary>What both nodes logged at error level.</summary>
    public IEnumerable<string> Errors => A.Errors.Concat(B.Errors);

    private CampaignApp Configure(CampaignApp node, string? redis, (string Key, string Value)[] settings)
    {
        node.OnOwnMachine()
            .With("Abuse:MinimumFillSeconds", "0")
            .With("Abuse:SignInPermitsPerMinute", "1000")
            .With("Abuse:NewsletterPermitsPer10Minutes", "1000")
            .With("Abuse:SubmitPermitsPer10Minutes", "1000")
            .With("Media:Root", _media);
        if (redis is not null)
        {
            node.With("ConnectionStrings:Redis", redis);
        }

        foreach (var (key, value) in settings)
        {
            node.With(key, value);
        }

        return node;
    }

    /// <summary>The form on <paramref name="page"/> as <paramref name="from"/> showed it (hidden fields, antiforgery token and stamp), sent to <paramref name="to"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient from, HttpClient to, string page, string formSelector, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var shown = await from.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        var form = (await Html.ParseAsync(shown)).QuerySelectorAll(formSelector).OfType<IHtmlFormElement>().First();
        var given = fields.ToList();
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name))
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Where(h => given.All(f => f.Key != h.Key))
            .Concat(given);
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page;
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
        request.Headers.Add("Origin", "http://localhost");
        return await to.SendAsync(request);
    }

    /// <summary>Polls until the condition holds, failing after <paramref name="within"/>.</summary>
    public static async Task WithinAsync(TimeSpan within, string what, Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + within;
        do
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < until);

        Assert.Fail($"{what} did not happen within {within.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        // Through IAsyncLifetime, so node A (which made the database) also drops it.
        await ((IAsyncLifetime)B).DisposeAsync();
        await ((IAsyncLifetime)A).DisposeAsync();
        try
        {
            Directory.Delete(_media, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
