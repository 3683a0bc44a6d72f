using System.Net;
using System.Text;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>/api/events as another site's script sees it: the JSON of DESIGN.md, paging, and read-only CORS.</summary>
public sealed class EventsApiTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    [Fact]
    public async Task Json_has_the_documented_shape()
    {
        var word = UniqueWord();
        var winterDay = Upcoming(1, 14);
        var march = await App.PublishAsync(On($"March mod Ensomhed i Rødovre {word}", Roedovre, winterDay, 10, 12) with { SeriesKey = DemoEvents.MarchSeries });
        var local = await App.PublishAsync(On($"Fællessang i Rødovre {word}", Roedovre, winterDay.AddDays(1), 14, 16));

        var response = await App.Client().GetAsync($"/api/events?q={word}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("page").GetInt32());
        Assert.Equal(20, root.GetProperty("size").GetInt32());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);

        var first = items[0];
        Assert.Equal(march.Id, first.GetProperty("id").GetGuid());
        Assert.Equal(march.Details.Title, first.GetProperty("title").GetString());
        Assert.Equal($"http://localhost/arrangementer/{march.Slug}", first.GetProperty("url").GetString());
        Assert.Equal($"{winterDay:yyyy-MM-dd}T10:00:00+01:00", first.GetProperty("start").GetString());
        Assert.Equal($"{winterDay:yyyy-MM-dd}T12:00:00+01:00", first.GetProperty("end").GetString());
        Assert.Equal(175, first.GetProperty("municipality").GetProperty("code").GetInt32());
        Assert.Equal("Rødovre", first.GetProperty("municipality").GetProperty("name").GetString());
        Assert.Equal("march-mod-ensomhed", first.GetProperty("series").GetProperty("slug").GetString());
        Assert.Equal("March mod Ensomhed", first.GetProperty("series").GetProperty("name").GetString());
        Assert.Equal($"http://localhost/arrangementer/{march.Slug}.ics", first.GetProperty("ics").GetString());
        Assert.False(first.GetProperty("cancelled").GetBoolean());
        Assert.True(first.GetProperty("free").GetBoolean());
        Assert.Equal(["alle"], first.GetProperty("targetGroups").EnumerateArray().Select(g => g.GetString()));

        var second = items[1];
        Assert.Equal(local.Id, second.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("series").ValueKind);
    }

    [Fact]
    public async Task Pages_follow_size_and_side_and_always_report_the_same_total()
    {
        var word = UniqueWord();
        var created = new List<Event>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await App.PublishAsync(On($"Gåtur {i + 1} {word}", Aarhus, Today.AddDays(20 + i))));
        }

        var client = App.Client();
        var pages = new List<EventsApi.ApiPage>();
        for (var side = 1; side <= 3; side++)
        {
            pages.Add(await EventListing.ApiAsync(client, $"/api/events?q={word}&size=3&side={side}"));
        }

        var everything = await EventListing.ApiAsync(client, $"/api/events?q={word}&size=100");

        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(created.Select(e => e.Id), pages.SelectMany(p => p.Items).Select(i => i.Id));
        Assert.Equal(created.Select(e => e.Id), everything.Items.Select(i => i.Id));
        Assert.Equal(7, everything.Total);
    }

    [Fact]
    public async Task Another_site_may_read_the_api_from_its_own_pages()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("Origin", "https://www.roedovre.dk");

        var response = await App.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_cached_answer_still_lets_another_site_read_it()
    {
        var client = App.Client();
        var url = $"/api/events?q={UniqueWord()}";
        Assert.False((await client.GetAsync(url)).Headers.Contains("Access-Control-Allow-Origin"));

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://www.roedovre.dk");
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Preflight_for_get_is_allowed()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/events?kommune=175");
        request.Headers.Add("Origin", "https://www.roedovre.dk");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "accept");

        var response = await App.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("GET", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
    }

    [Fact]
    public async Task Preflight_for_post_is_not_allowed()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/events");
        request.Headers.Add("Origin", "https://www.roedovre.dk");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await App.Client().SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        Assert.False(
            response.Headers.TryGetValues("Access-Control-Allow-Methods", out var methods) && methods.Any(m => m.Contains("POST")),
            "POST was allowed");
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    public async Task Api_is_read_only(string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), "/api/events");
        if (method != "TRACE")
        {
            request.Content = new StringContent("""{"title":"Nyt arrangement"}""", Encoding.UTF8, "application/json");
        }

        request.Headers.Add("Origin", "https://www.roedovre.dk");

        var response = await App.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
