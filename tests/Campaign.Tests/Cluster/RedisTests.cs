using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using StackExchange.Redis;

namespace Campaign.Tests.Cluster;

/// <summary>
/// Two nodes with Redis (ConnectionStrings:Redis): one output cache and one set of rate-limit counters for both, and a
/// site that keeps serving when Redis goes away and takes it back by itself when it returns.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class RedisTests
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Both_nodes_share_one_output_cache_and_an_eviction_on_one_is_seen_on_both()
    {
        var prefix = RedisServer.UniquePrefix();
        await using var nodes = new TwoNodes(RedisServer.SharedAddress, ("Redis:InstanceName", prefix));
        var onA = nodes.BrowserOnA();
        var onB = nodes.BrowserOnB();
        var word = $"redis{Guid.NewGuid():N}"[..16];
        var listing = $"/arrangementer?q={word}";

        // A renders and stores the listing; B answers from the same cache without rendering it (the middleware's Age header).
        Assert.DoesNotContain($"Fællessang {word}", await Body(await onA.GetAsync(listing)));
        var fromCache = await onB.GetAsync(listing);
        Assert.Equal(HttpStatusCode.OK, fromCache.StatusCode);
        Assert.True(fromCache.Headers.Age.HasValue, "B rendered the page itself instead of answering from the shared cache.");
        using (var redis = await ConnectionMultiplexer.ConnectAsync(RedisServer.SharedAddress))
        {
            var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: prefix + "*").ToList();
            Assert.NotEmpty(keys);
        }

        var evt = await TwoNodeTests.PublishEventAsync(nodes.A, $"Fællessang {word}");

        await TwoNodes.WithinAsync(Fresh, "The event in A's listing", async () => (await Body(await onA.GetAsync(listing))).Contains($"Fællessang {word}"));
        await TwoNodes.WithinAsync(Fresh, "The event in B's listing", async () => (await Body(await onB.GetAsync(listing))).Contains($"Fællessang {word}"));
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/arrangementer/{evt.Slug}")).StatusCode);
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task Rate_limits_count_requests_to_both_nodes_together()
    {
        await using var nodes = new TwoNodes(RedisServer.SharedAddress, ("Redis:InstanceName", RedisServer.UniquePrefix()), ("Abuse:SearchPermitsPerMinute", "3"));
        var onA = nodes.BrowserOnA();
        var onB = nodes.BrowserOnB();

        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/soeg?q=ensomhed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/soeg?q=faellesskab")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/soeg?q=naboer")).StatusCode);

        // Each node has seen at most two searches, but together they have had three.
        var refused = await onB.GetAsync("/soeg?q=kaffe");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Empty(nodes.Errors);
    }

    [Fact]
    public async Task When_redis_dies_the_site_keeps_serving_reports_degraded_and_recovers_by_itself()
    {
        using var redis = RedisServer.Start();
        await using var nodes = new TwoNodes(redis.Address, ("Redis:InstanceName", RedisServer.UniquePrefix()), ("Abuse:NewsletterPermitsPer10Minutes", "3"));
        var onA = nodes.BrowserOnA();
        var onB = nodes.BrowserOnB();
        var (id, url) = await nodes.A.CreateAsync(Pages.UniqueName("Under nedbrud"), Pages.Text("Før nedbruddet"));
        await TwoNodes.WithinAsync(Fresh, "The page on B", async () => (await onB.GetAsync(url)).StatusCode == HttpStatusCode.OK);
        Assert.Equal("Healthy", await StatusAsync(onA));

        redis.Kill();

        foreach (var client in new[] { onA, onB, onA, onB })
        {
            foreach (var page in new[] { "/", url, "/arrangementer", "/arrangementer?kommune=roedovre", "/nyhedsbrev", "/soeg?q=ensomhed", "/api/events" })
            {
                var response = await client.GetAsync(page);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} answered {(int)response.StatusCode} while Redis was away.");
            }
        }

        Assert.Equal("Degraded", await StatusAsync(onA));
        Assert.Equal("Degraded", await StatusAsync(onB));

        // Posts are still limited, by each node on its own.
        var signups = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await TwoNodes.PostFormAsync(onA, onA, "/nyhedsbrev", "form[action='/nyhedsbrev']",
                Campaign.Tests.Newsletter.Signups.Form(Campaign.Tests.Newsletter.Signups.NewEmail("nedbrud"), null, null, "kampagnenyt"));
            signups.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], signups);

        // Publishing still reaches the other node: the cache bus runs over PostgreSQL, not Redis.
        await TwoNodeTests.RepublishAsync(nodes.A, id, "Under nedbruddet");
        await TwoNodes.WithinAsync(Fresh, "The new version on B without Redis", async () => (await onB.GetStringAsync(url)).Contains("Under nedbruddet"));

        redis.Restart();

        await TwoNodes.WithinAsync(TimeSpan.FromSeconds(15), "Node A reconnecting", async () => await StatusAsync(onA) == "Healthy");
        await TwoNodes.WithinAsync(TimeSpan.FromSeconds(15), "Node B reconnecting", async () => await StatusAsync(onB) == "Healthy");
        Assert.Contains("Under nedbruddet", await onA.GetStringAsync(url));
        await TwoNodes.WithinAsync(Fresh, "The shared cache in use again", async () => (await onB.GetAsync(url)).Headers.Age.HasValue);
        Assert.Contains("Under nedbruddet", await onB.GetStringAsync(url));
        Assert.Empty(nodes.Errors);
    }

    private static async Task<string> StatusAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task<string> Body(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>Redis configured but not there when the node starts, or configured wrongly. Runs on SQLite and PostgreSQL.</summary>
[Trait("Category", "Integration")]
public sealed class RedisAtStartTests
{
    [Fact]
    public async Task A_node_starts_and_serves_while_redis_is_unreachable_and_says_degraded()
    {
        using var redis = RedisServer.Start();
        redis.Kill();
        await using var app = new CampaignApp().With("ConnectionStrings:Redis", redis.Address).With("Redis:InstanceName", RedisServer.UniquePrefix());
        var client = app.Client();

        foreach (var page in new[] { "/", "/", "/arrangementer", "/nyhedsbrev" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
        }

        using var health = JsonDocument.Parse(await client.GetStringAsync("/health"));
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public void A_connection_string_that_is_not_one_stops_the_start_naming_the_key()
    {
        using var app = new CampaignApp().With("ConnectionStrings:Redis", "server=redis.internal");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("ConnectionStrings:Redis is not a Redis connection string", error.ToString());
    }
}
