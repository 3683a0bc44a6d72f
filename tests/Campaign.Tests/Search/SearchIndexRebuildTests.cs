using System.Net;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Search;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Search;

/// <summary>
/// The index is a copy kept beside the app: a node that starts without it, with a damaged one, or with one that missed
/// changes made while it was down, rebuilds it from the database in the background and then finds everything again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SearchIndexRebuildTests
{
    [Fact]
    public async Task A_deleted_index_folder_is_rebuilt_from_the_database()
    {
        var word = UniqueWord();
        var first = new CampaignApp();
        await PublishAndFindAsync(first, word);
        await first.DisposeAsync();

        Directory.Delete(first.SearchIndexPath, recursive: true);

        await using var restarted = Restart(first);
        await EventuallyFindsAsync(restarted, word);
        Assert.Equal("missing", restarted.Services.GetRequiredService<ISearchIndex>().State.OpenedAs);
        Assert.Empty(restarted.Errors);
    }

    [Fact]
    public async Task A_corrupt_index_is_set_aside_and_rebuilt()
    {
        var word = UniqueWord();
        var first = new CampaignApp();
        await PublishAndFindAsync(first, word);
        await first.DisposeAsync();

        var folder = Path.Combine(first.SearchIndexPath, File.ReadAllText(Path.Combine(first.SearchIndexPath, "current")).Trim());
        foreach (var file in Directory.GetFiles(folder))
        {
            File.WriteAllBytes(file, [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 7))]);
        }

        await using var restarted = Restart(first);
        await EventuallyFindsAsync(restarted, word);
        Assert.Equal("corrupt", restarted.Services.GetRequiredService<ISearchIndex>().State.OpenedAs);
        Assert.Empty(restarted.Errors);
    }

    [Fact]
    public async Task An_index_that_missed_changes_while_its_node_was_down_catches_up()
    {
        var first = new CampaignApp();
        await PublishAndFindAsync(first, UniqueWord());
        await first.DisposeAsync();

        // Another node (with its own index) publishes while the first is down.
        var missed = UniqueWord();
        await using (var other = CampaignApp.SecondNode(first))
        {
            await PublishAndFindAsync(other, missed);
        }

        await using var restarted = Restart(first);
        await EventuallyFindsAsync(restarted, missed);
        Assert.Equal("fresh", restarted.Services.GetRequiredService<ISearchIndex>().State.OpenedAs);
        Assert.Empty(restarted.Errors);
    }

    /// <summary>The same node again: same database, same index folder.</summary>
    private static CampaignApp Restart(CampaignApp stopped)
    {
        var app = CampaignApp.SecondNode(stopped).With("Search:IndexPath", stopped.SearchIndexPath);
        _ = app.Server;
        return app;
    }

    private static async Task PublishAndFindAsync(CampaignApp app, string word)
    {
        await app.PublishAsync(On($"Fællesspisning {word}", Roedovre, Today.AddDays(5)));
        Assert.Equal([$"Fællesspisning {word}"], Titles(await SearchAsync(app, word)));
        Assert.Empty(app.Errors);
    }

    private static async Task EventuallyFindsAsync(CampaignApp app, string word)
    {
        for (var i = 0; i < 150; i++)
        {
            if (Titles(await SearchAsync(app, $"{word}&n={i}")).Count == 1)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The restarted node did not find the event within 15 seconds.");
    }

    private static async Task<IDocument> SearchAsync(CampaignApp app, string query)
    {
        var response = await app.Client().GetAsync("/soeg?q=" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private static List<string> Titles(IDocument page) => page.QuerySelectorAll(".hit__title").Select(t => t.TextContent.Trim()).ToList();
}
