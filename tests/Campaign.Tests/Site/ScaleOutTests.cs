using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Microsoft.Extensions.DependencyInjection;

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
            await services.GetRequiredService<ContentCommands>().SaveDraftAsync(id, node.Revision, node.Name, Pages.Text("Anden udgave"), "test");
            return await services.GetRequiredService<ContentCommands>().PublishAsync(id, "test");
        });

        await Eventually(async () => (await client.GetStringAsync(url)).Contains("Anden udgave"));
        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
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
