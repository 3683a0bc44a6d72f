using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Infrastructure;

/// <summary>Small builders so each test makes the content it needs.</summary>
public static class Pages
{
    public static ContentData Data(string intro, params Block[] blocks) => new()
    {
        Properties = new() { ["intro"] = intro, ["navigation"] = "hidden" },
        Blocks = [.. blocks],
    };

    public static ContentData Text(string markdown) => Data("En side lavet af en test.", new RichTextBlock(markdown));

    /// <summary>Creates a page under the home page, as a draft unless <paramref name="publish"/>; returns its public URL path.</summary>
    public static Task<(Guid Id, string Url)> CreateAsync(this CampaignApp app, string name, ContentData data, bool publish = true) =>
        app.With(async services =>
        {
            var commands = services.GetRequiredService<ContentCommands>();
            var cache = services.GetRequiredService<PublishedContentCache>();
            var home = cache.Current.Root ?? throw new InvalidOperationException("The starter site has no home page.");
            var node = publish
                ? await commands.CreateAndPublishAsync(home.Id, "page", name, data, "test")
                : await commands.CreateAsync(home.Id, "page", name, data, "test");

            return (node.Id, "/" + node.Segment);
        });

    public static string UniqueName(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";
}
