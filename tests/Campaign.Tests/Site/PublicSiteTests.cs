using System.Net;
using System.Xml.Linq;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Site;

public sealed class PublicSiteTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    public static TheoryData<string> StarterFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Campaign.Web.Setup.RepositoryPaths.Find("uSync"), "content"), "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StarterFiles))]
    public async Task Every_starter_page_answers_200_with_its_title(string file)
    {
        var (item, _) = SyncFile.Read(Path.Combine(Campaign.Web.Setup.RepositoryPaths.Find("uSync"), "content", file));
        var page = App.Services.GetRequiredService<PublishedContentCache>().Current.FindById(item.Key);
        Assert.NotNull(page);

        var response = await App.Client().GetAsync(page.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Html.ParseAsync(response);
        var expected = page.Type == ContentTypes.Home ? page.Data.Get("heroHeading") : page.Title;
        Assert.Equal(expected, html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(page.Title, html.Title);
        Assert.Equal("da", html.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Accessibility_statement_also_answers_at_was()
    {
        var response = await App.Client().GetAsync("/was");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Equal("Tilgængelighedserklæring", html.QuerySelector("h1")?.TextContent.Trim());
        Assert.EndsWith("/tilgaengelighedserklaering", html.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Unknown_url_answers_404_with_the_danish_not_found_page()
    {
        var response = await App.Client().GetAsync("/findes/ikke");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Equal("Siden findes ikke", html.QuerySelector("h1")?.TextContent.Trim());
        Assert.NotNull(html.QuerySelector("a[href='/']"));
        Assert.Equal("noindex", html.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
    }

    [Fact]
    public async Task A_draft_is_not_visible_to_the_public()
    {
        var (_, url) = await App.CreateAsync(Pages.UniqueName("Kladde"), Pages.Text("Hemmelig kladde"), publish: false);

        var response = await App.Client().GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Hemmelig kladde", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Publishing_changes_what_the_public_sees_even_when_the_page_was_cached()
    {
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Nyt tilbud"), Pages.Text("Første udgave"));
        var client = App.Client();
        Assert.Contains("Første udgave", await client.GetStringAsync(url));

        // A new draft does not touch the live page.
        await App.With(async services =>
        {
            var content = services.GetRequiredService<ContentService>();
            var node = await content.LoadAsync(id, default);
            return await services.GetRequiredService<ContentCommands>().SaveDraftAsync(id, node.Revision, node.Name, Pages.Text("Anden udgave"), "test");
        });
        var beforePublish = await client.GetStringAsync(url);
        Assert.Contains("Første udgave", beforePublish);
        Assert.DoesNotContain("Anden udgave", beforePublish);

        await App.With(services => services.GetRequiredService<ContentCommands>().PublishAsync(id, "test"));

        var afterPublish = await client.GetStringAsync(url);
        Assert.Contains("Anden udgave", afterPublish);
        Assert.DoesNotContain("Første udgave", afterPublish);
    }

    [Fact]
    public async Task Unpublishing_takes_the_page_down()
    {
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Kortvarig"), Pages.Text("Snart væk"));
        var client = App.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        await App.With(services => services.GetRequiredService<ContentCommands>().UnpublishAsync(id, "test"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Sitemap_lists_published_pages_only()
    {
        var (_, draftUrl) = await App.CreateAsync(Pages.UniqueName("Upubliceret"), Pages.Text("x"), publish: false);
        var (_, publishedUrl) = await App.CreateAsync(Pages.UniqueName("Publiceret"), Pages.Text("x"));

        var response = await App.Client().GetAsync("/sitemap.xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var locations = XDocument.Parse(await response.Content.ReadAsStringAsync())
            .Descendants(ns + "loc").Select(l => new Uri(l.Value).AbsolutePath)
            .Where(l => !l.StartsWith("/arrangementer", StringComparison.Ordinal)).ToList(); // events: OpenDataTests
        Assert.Contains("/", locations);
        Assert.Contains("/om-kampagnen", locations);
        Assert.Contains(publishedUrl, locations);
        Assert.DoesNotContain(draftUrl, locations);
        var published = App.Services.GetRequiredService<PublishedContentCache>().Current.Pages.Select(p => p.Url);
        Assert.Equal(published.Order(), locations.Order());
    }

    [Fact]
    public async Task Robots_txt_names_the_sitemap()
    {
        var robots = await App.Client().GetStringAsync("/robots.txt");

        Assert.Matches(@"(?m)^Sitemap: http://localhost/sitemap\.xml$", robots);
        Assert.Contains("Disallow: /redaktion/", robots);
    }

    [Fact]
    public async Task News_feed_is_atom_with_the_starter_articles()
    {
        var response = await App.Client().GetAsync("/feed.xml");

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entries = XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants(atom + "entry").ToList();
        Assert.InRange(entries.Count, 2, 20);
        Assert.All(entries, e => Assert.StartsWith("http://localhost/nyheder/", e.Element(atom + "link")?.Attribute("href")?.Value));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/om-kampagnen")]
    [InlineData("/findes-ikke")]
    public async Task Security_headers_are_on_every_response(string url)
    {
        var response = await App.Client().GetAsync(url);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", Assert.Single(response.Headers.GetValues("Permissions-Policy")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/nyheder")]
    [InlineData("/findes-ikke")]
    [InlineData("/sitemap.xml")]
    public async Task Public_pages_set_no_cookie(string url)
    {
        var response = await App.Client().GetAsync(url);

        Assert.False(response.Headers.Contains("Set-Cookie"), $"{url} set a cookie: {string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var v) ? v : [])}");
    }

    [Fact]
    public async Task The_home_page_with_its_css_js_and_icons_weighs_under_150_kb_even_uncompressed()
    {
        var client = App.Client();
        var home = await client.GetAsync("/");
        var html = await Html.ParseAsync(home);
        var assets = html.QuerySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .ToList();

        long total = (await home.Content.ReadAsByteArrayAsync()).Length;
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.NotEmpty(assets);
        Assert.True(total <= 150 * 1024, $"The home page weighs {total / 1024} KB before compression.");
        Assert.Empty(html.QuerySelectorAll("img"));
    }

    [Fact]
    public async Task Health_reports_the_status_and_nothing_more_to_the_public()
    {
        var response = await App.Client().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("{\"status\":\"Healthy\"}", body);
    }

    [Fact]
    public async Task Old_url_of_a_page_answers_301_to_its_new_address()
    {
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Flyttet"), Pages.Text("Her bor siden nu"));
        await App.With(async services =>
        {
            var db = services.GetRequiredService<Campaign.Web.Data.CampaignDb>();
            db.Redirects.Add(Redirect.To(id, "/gammel-adresse-" + id.ToString("N")[..6], "test", DateTime.UtcNow));
            await db.SaveChangesAsync();
            await services.GetRequiredService<PublishedContentCache>().RefreshAsync();
            return 0;
        });

        var response = await App.Client().GetAsync("/gammel-adresse-" + id.ToString("N")[..6]);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(url, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Markdown_with_html_and_script_links_is_rendered_harmless()
    {
        var (_, url) = await App.CreateAsync(Pages.UniqueName("Farlig tekst"),
            Pages.Text("<script>alert('x')</script>\n\n[Klik](javascript:alert(1)) og <img src=x onerror=alert(2)>"));

        var body = await App.Client().GetStringAsync(url);

        Assert.DoesNotContain("<script>alert", body);
        Assert.DoesNotContain("javascript:", body);
        Assert.DoesNotContain("<img src=x", body);
        Assert.DoesNotContain("onerror", body);
        Assert.Contains("Klik", body);
    }
}
