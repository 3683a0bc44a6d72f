using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>/embed/arrangementer on a municipality's own site, and no other route inside anyone's frame.</summary>
public sealed class EmbedTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private static string Csp(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    [Fact]
    public async Task Embed_may_be_framed_and_lists_the_municipalitys_events_opening_in_a_new_window()
    {
        var word = UniqueWord();
        var inRoedovre = await App.PublishAsync(On($"Strikkecafé {word}", Roedovre, Today.AddDays(2)));
        var cancelled = await App.SaveEventAsync(On($"Aflyst gåtur {word}", Roedovre, Today.AddDays(3)), EventStatus.Cancelled);
        var inHvidovre = await App.PublishAsync(On($"Fællessang {word}", Hvidovre, Today.AddDays(2)));
        var client = App.Client();

        // Twice: the second answer comes from the output cache and must carry the same headers.
        foreach (var attempt in new[] { "first", "cached" })
        {
            var response = await client.GetAsync("/embed/arrangementer?kommune=175");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.EndsWith("; frame-ancestors *", Csp(response));
            Assert.DoesNotContain("frame-ancestors 'none'", Csp(response));
            Assert.False(response.Headers.Contains("X-Frame-Options"), $"{attempt}: X-Frame-Options {string.Join(",", response.Headers.TryGetValues("X-Frame-Options", out var v) ? v : [])}");
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

            var html = await Html.ParseAsync(response);
            Assert.Equal("da", html.DocumentElement.GetAttribute("lang"));
            Assert.Equal("Arrangementer i Rødovre", html.QuerySelector("h1")?.TextContent.Trim());
            var cards = EventListing.Cards(html);
            Assert.Contains(cards, c => c.Slug == inRoedovre.Slug);
            Assert.True(cards.Single(c => c.Slug == cancelled.Slug).Cancelled);
            Assert.DoesNotContain(cards, c => c.Slug == inHvidovre.Slug);
            Assert.All(cards, c => Assert.Contains("Rødovre Kommune", c.Text));
            Assert.All(cards, c => Assert.Equal("_blank", c.Target));
            Assert.All(html.QuerySelectorAll("a[target=_blank]"), a => Assert.Contains("noopener", a.GetAttribute("rel")));
            Assert.Equal("/arrangementer?kommune=175", html.QuerySelector(".embed__more a")?.GetAttribute("href"));
            Assert.Equal("_blank", html.QuerySelector(".embed__more a")?.GetAttribute("target"));
        }
    }

    [Fact]
    public async Task Municipality_listing_offers_the_embed_code()
    {
        var html = await Html.ParseAsync(await App.Client().GetAsync("/arrangementer?kommune=roedovre"));

        var code = html.QuerySelector("#embed-code")?.TextContent;
        Assert.NotNull(code);
        Assert.Contains("<iframe src=\"http://localhost/embed/arrangementer?kommune=175\"", code);
        Assert.Contains("title=\"Arrangementer mod ensomhed i Rødovre\"", code);
    }

    [Fact]
    public async Task Embed_with_a_bad_filter_says_why_in_danish()
    {
        var response = await App.Client().GetAsync("/embed/arrangementer?kommune=atlantis");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        Assert.Contains("Kalenderen kunne ikke vises", html.QuerySelector(".error-summary")?.TextContent);
        Assert.Contains("Vi kender ikke kommunen \"atlantis\"", html.QuerySelector(".error-summary")?.TextContent);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/arrangementer")]
    [InlineData("/arrangementer?kommune=175")]
    [InlineData("/arrangementer/{slug}")]
    [InlineData("/arrangementer/{slug}.ics")]
    [InlineData("/arrangementer.ics")]
    [InlineData("/api/events")]
    [InlineData("/soeg")]
    [InlineData("/soeg?q=kaffe")]
    [InlineData("/march-mod-ensomhed")]
    [InlineData("/embedded")]
    [InlineData("/findes-ikke")]
    public async Task Every_other_route_refuses_to_be_framed(string url)
    {
        var evt = await App.PublishAsync(On($"Café {UniqueWord()}", Aarhus, Today.AddDays(2)));
        var client = App.Client();

        foreach (var attempt in new[] { "first", "cached" })
        {
            var response = await client.GetAsync(url.Replace("{slug}", evt.Slug));

            Assert.True((int)response.StatusCode < 500, $"{attempt}: {url} answered {(int)response.StatusCode}");
            Assert.EndsWith("; frame-ancestors 'none'", Csp(response));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }
    }
}
