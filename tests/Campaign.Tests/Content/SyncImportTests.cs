using System.Text.Json.Nodes;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Content;

/// <summary>The app on a private copy of uSync/, so tests may change the files.</summary>
public sealed class SyncCopyApp : CampaignApp
{
    public SyncCopyApp()
    {
        var source = Path.Combine(Campaign.Web.Setup.RepositoryPaths.Find("uSync"), "content");
        SyncFolder = Path.Combine(Folder, "uSync");
        Directory.CreateDirectory(Path.Combine(SyncFolder, "content"));
        foreach (var file in Directory.GetFiles(source, "*.json"))
        {
            File.Copy(file, Path.Combine(SyncFolder, "content", Path.GetFileName(file)));
        }

        With("uSync:Folder", SyncFolder);
    }

    public string SyncFolder { get; }

    public string ContentFile(string name) => Path.Combine(SyncFolder, "content", name);
}

public sealed class SyncImportTests(SyncCopyApp app) : IntegrationTest<SyncCopyApp>(app)
{
    private Task<SyncReport> ImportAsync() => App.With(services => services.GetRequiredService<SyncImporter>().ImportAsync());

    private Task<int> CountNodesAsync() => App.With(services => services.GetRequiredService<CampaignDb>().ContentNodes.CountAsync());

    [Fact]
    public async Task Importing_again_changes_nothing_and_duplicates_nothing()
    {
        var before = await CountNodesAsync();

        var report = await ImportAsync();

        Assert.Equal(0, report.Created);
        Assert.Equal(0, report.Updated);
        Assert.True(report.Unchanged >= 13, $"only {report.Unchanged} unchanged");
        Assert.Equal(before, await CountNodesAsync());
    }

    [Fact]
    public async Task A_changed_file_updates_its_page_by_key()
    {
        var path = App.ContentFile("kontakt.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var key = Guid.Parse(json["key"]!.GetValue<string>());
        json["properties"]!["intro"] = "Skriv til os – vi svarer inden for tre hverdage.";
        await File.WriteAllTextAsync(path, json.ToJsonString(ContentJson.Indented));
        var before = await CountNodesAsync();

        var report = await ImportAsync();

        Assert.Equal(1, report.Updated);
        Assert.Equal(before, await CountNodesAsync());
        var page = App.Services.GetRequiredService<PublishedContentCache>().Current.FindById(key);
        Assert.Equal("Skriv til os – vi svarer inden for tre hverdage.", page?.Intro);
        Assert.Contains("inden for tre hverdage", await App.Client().GetStringAsync(page!.Url));
    }

    [Fact]
    public async Task A_page_edited_in_the_database_is_not_overwritten_by_a_changed_file()
    {
        var path = App.ContentFile("privatlivspolitik.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var key = Guid.Parse(json["key"]!.GetValue<string>());
        await App.With(async services =>
        {
            var content = services.GetRequiredService<ContentService>();
            var node = await content.LoadAsync(key, default);
            var data = node.Current!.ReadData();
            data.Properties["intro"] = "Redaktørens nye indledning.";
            await services.GetRequiredService<ContentCommands>().SaveDraftAsync(key, node.Revision, node.Name, data, "redaktør");
            return await services.GetRequiredService<ContentCommands>().PublishAsync(key, "redaktør");
        });
        json["properties"]!["intro"] = "Filens nye indledning.";
        await File.WriteAllTextAsync(path, json.ToJsonString(ContentJson.Indented));

        var report = await ImportAsync();

        Assert.Contains("privatlivspolitik.json", report.Kept);
        Assert.Equal(0, report.Updated);
        var page = App.Services.GetRequiredService<PublishedContentCache>().Current.FindById(key);
        Assert.Equal("Redaktørens nye indledning.", page?.Intro);
    }

    [Fact]
    public async Task A_new_file_creates_its_page()
    {
        var home = App.Services.GetRequiredService<PublishedContentCache>().Current.Root!;
        var key = Guid.NewGuid();
        await File.WriteAllTextAsync(App.ContentFile($"ny-side-{key:N}.json"), $$"""
            {
              "key": "{{key}}",
              "parent": "{{home.Id}}",
              "contentType": "page",
              "name": "Ny side {{key.ToString("N")[..6]}}",
              "sortOrder": 50,
              "published": true,
              "properties": { "intro": "En side fra en fil.", "navigation": "hidden" },
              "blocks": [ { "type": "richText", "markdown": "Hej fra uSync." } ]
            }
            """);

        var report = await ImportAsync();

        Assert.Equal(1, report.Created);
        var page = App.Services.GetRequiredService<PublishedContentCache>().Current.FindById(key);
        Assert.NotNull(page);
        Assert.Contains("Hej fra uSync.", await App.Client().GetStringAsync(page.Url));
    }

    [Fact]
    public async Task A_file_that_renames_a_published_page_leaves_a_301_from_the_old_address()
    {
        var home = App.Services.GetRequiredService<PublishedContentCache>().Current.Root!;
        var key = Guid.NewGuid();
        var word = key.ToString("N")[..6];
        var path = App.ContentFile($"omdoebes-{key:N}.json");
        string File(string name) => $$"""
            {
              "key": "{{key}}",
              "parent": "{{home.Id}}",
              "contentType": "page",
              "name": "{{name}}",
              "sortOrder": 51,
              "published": true,
              "properties": { "intro": "En side, der skifter navn i en fil.", "navigation": "hidden" }
            }
            """;
        await System.IO.File.WriteAllTextAsync(path, File($"Gammelt filnavn {word}"));
        await ImportAsync();
        await System.IO.File.WriteAllTextAsync(path, File($"Nyt filnavn {word}"));

        var report = await ImportAsync();

        Assert.Equal(1, report.Updated);
        var moved = await App.Client().GetAsync($"/gammelt-filnavn-{word}");
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal($"/nyt-filnavn-{word}", moved.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_published_file_whose_page_may_not_go_live_is_imported_as_a_draft()
    {
        var home = App.Services.GetRequiredService<PublishedContentCache>().Current.Root!;
        var key = Guid.NewGuid();
        await File.WriteAllTextAsync(App.ContentFile($"uden-indledning-{key:N}.json"), $$"""
            {
              "key": "{{key}}",
              "parent": "{{home.Id}}",
              "contentType": "page",
              "name": "Uden indledning {{key.ToString("N")[..6]}}",
              "sortOrder": 52,
              "published": true,
              "properties": { "navigation": "hidden" }
            }
            """);

        var report = await ImportAsync();

        Assert.Equal(1, report.Created);
        Assert.Null(App.Services.GetRequiredService<PublishedContentCache>().Current.FindById(key));
        var node = await App.With(services => services.GetRequiredService<CampaignDb>().ContentNodes.AsNoTracking().SingleAsync(n => n.Id == key));
        Assert.False(node.IsPublished);
        Assert.NotNull(node.DraftVersionId);
    }
}

/// <summary>uSync:* is checked at start like the other settings, not found wrong at the first import.</summary>
public sealed class SyncOptionsTests
{
    [Fact]
    public void A_folder_that_cannot_be_a_path_stops_the_start_naming_the_key()
    {
        using var app = new CampaignApp().With("uSync:Folder", "uSync\0kopi");

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => app.Server);

        Assert.Contains("uSync:Folder", error.Message);
    }
}
