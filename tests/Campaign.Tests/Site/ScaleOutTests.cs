using System.Net;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Site;

/// <summary>
/// Two app nodes on one PostgreSQL database: a publish on one reaches the other's published cache and output
/// cache through LISTEN/NOTIFY. Only meaningful on PostgreSQL, so test.sh runs it in the PostgreSQL suite only.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class ScaleOutTests
{
    [Fact]
    public async Task A_publish_on_one_node_is_seen_on_the_other()
    {
        await using var first = new CampaignApp();
        _ = first.Server;
        await using var second = CampaignApp.SecondNode(first);
        var client = second.Client();

        var (id, url) = await first.CreateAsync(Pages.UniqueName("Fra node et"), Pages.Text("Første udgave"));
        await Eventually(async () => (await client.GetAsync(url)).StatusCode == HttpStatusCode.OK);
        Assert.Contains("Første udgave", await client.GetStringAsync(url));

        await first.With(async services =>
        {
            var content = services.GetRequiredService<ContentService>();
            var node = await content.LoadAsync(id, default);
            await content.SaveDraftAsync(id, node.Revision, node.Name, Pages.Text("Anden udgave"), "test");
            return await content.PublishAsync(id, "test");
        });

        await Eventually(async () => (await client.GetStringAsync(url)).Contains("Anden udgave"));
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    [Fact]
    public async Task An_event_published_changed_and_cancelled_on_one_node_is_seen_so_on_the_other()
    {
        await using var first = new CampaignApp();
        _ = first.Server;
        await using var second = CampaignApp.SecondNode(first);
        var client = second.Client();
        var word = $"skalering{Guid.NewGuid():N}"[..18];
        var api = $"/api/events?q={word}";

        // The second node has answered (and cached) the empty listing before the event exists.
        Assert.Equal(0, await TotalAsync(client, api));
        Assert.DoesNotContain($"Fællessang {word}", await client.GetStringAsync($"/arrangementer?q={word}"));

        var evt = await first.PublishAsync(On($"Fællessang {word}", Roedovre, Today.AddDays(9)));
        var page = $"/arrangementer/{evt.Slug}";
        await Eventually(async () => await TotalAsync(client, api) == 1);
        await Eventually(async () => (await client.GetStringAsync($"/arrangementer?q={word}")).Contains($"Fællessang {word}"));
        Assert.Contains($"Fællessang {word}", await client.GetStringAsync(page));

        await first.UpdateEventAsync(evt.Id, d => d with { Title = $"Fællessang med kage {word}" });
        await Eventually(async () => (await client.GetStringAsync(page)).Contains($"Fællessang med kage {word}"));
        await Eventually(async () => (await client.GetStringAsync(api)).Contains($"Fællessang med kage {word}"));
        await Eventually(async () => (await client.GetStringAsync($"/arrangementer/{evt.Slug}.ics")).Contains($"Fællessang med kage {word}"));

        await first.CancelEventAsync(evt.Id, "Korlederen er syg.");
        await Eventually(async () => (await client.GetStringAsync(page)).Contains("Korlederen er syg."));
        await Eventually(async () =>
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync(api));
            return json.RootElement.GetProperty("items").EnumerateArray().Single().GetProperty("cancelled").GetBoolean();
        });
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    private static async Task<int> TotalAsync(HttpClient client, string url)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(url));
        return json.RootElement.GetProperty("total").GetInt32();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The other node did not see the change within 5 seconds.");
    }
}
