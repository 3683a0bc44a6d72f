using System.Diagnostics;
using System.Net;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Search;

/// <summary>
/// Two nodes on one PostgreSQL database, each with its own Lucene index: what one node changes is searchable (or gone)
/// on the other within two seconds, through the cache bus. Only meaningful on PostgreSQL.
/// </summary>
[Trait("Category", "PostgreSql")]
public sealed class SearchScaleOutTests
{
    [Fact]
    public async Task Events_pages_and_synonyms_changed_on_one_node_are_searchable_on_the_other()
    {
        await using var first = new CampaignApp();
        _ = first.Server;
        await using var second = CampaignApp.SecondNode(first);
        _ = second.Server;
        var word = UniqueWord();

        var evt = await first.PublishAsync(On($"Fællesspisning {word}", Roedovre, Today.AddDays(6)));
        await WithinTwoSecondsAsync(second, $"fællesspisninger {word}", [$"Fællesspisning {word}"]);

        await first.UpdateEventAsync(evt.Id, d => d with { Title = $"Gåtur {word}" });
        await WithinTwoSecondsAsync(second, $"gaatur {word}", [$"Gåtur {word}"]);
        await WithinTwoSecondsAsync(second, $"\"fællesspisning {word}\"", []);

        await first.CancelEventAsync(evt.Id, "Regnvejr.");
        await WithinTwoSecondsAsync(second, $"gåtur {word}", [$"Gåtur {word}"]);

        await first.With(async services =>
        {
            var tracked = await services.GetRequiredService<CampaignDb>().Events.SingleAsync(e => e.Id == evt.Id);
            await services.GetRequiredService<EventStore>().DeleteAsync(tracked, default);
            return 0;
        });
        await WithinTwoSecondsAsync(second, $"gåtur {word}", []);

        var (pageId, _) = await first.CreateAsync($"Side om {word}", Pages.Text($"Alt om {word}."));
        await WithinTwoSecondsAsync(second, word, [$"Side om {word}"]);
        await first.With(services => services.GetRequiredService<ContentCommands>().UnpublishAsync(pageId, "test"));
        await WithinTwoSecondsAsync(second, word, []);

        var madklub = $"madklub{word}";
        await first.PublishAsync(On($"Spisefællesskab{word} i Rødovre", Roedovre, Today.AddDays(8)));
        var (editor, _) = await first.StaffSignedInAsync(Roles.Editor);
        await Forms.PostAsync(editor, "/redaktion/synonymer", [new("Words", $"{madklub}, spisefællesskab{word}")], action: "/redaktion/synonymer?handler=Add");
        await WithinTwoSecondsAsync(second, madklub, [$"Spisefællesskab{word} i Rødovre"]);

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
    }

    private static async Task WithinTwoSecondsAsync(CampaignApp node, string query, IReadOnlyList<string> expected)
    {
        var watch = Stopwatch.StartNew();
        List<string> titles;
        var n = 0;
        do
        {
            var response = await node.Client().GetAsync($"/soeg?q={Uri.EscapeDataString(query)}&n={n++}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            titles = Titles(await Html.ParseAsync(response));
            if (titles.SequenceEqual(expected))
            {
                return;
            }

            await Task.Delay(50);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(2));

        Assert.Fail($"After 2 s the other node found [{string.Join(", ", titles)}] for »{query}«, not [{string.Join(", ", expected)}].");
    }

    private static List<string> Titles(IDocument page) => page.QuerySelectorAll(".hit__title").Select(t => t.TextContent.Trim()).ToList();
}
