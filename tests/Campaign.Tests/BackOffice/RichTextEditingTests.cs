using System.Net;
using System.Text.Json.Nodes;
using Campaign.Tests.Content;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Content.Sync;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>Rich text is stored as sanitized HTML however it arrives: from the editor (or a hand-made post) and from a uSync file.</summary>
public sealed class RichTextEditingTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private const string Hostile = "<h2 onmouseover=\"steal()\">Kom med</h2><p>Vi ses<script>fetch('/x?c='+document.cookie)</script> <img src=x onerror=\"alert(1)\">"
        + "<a href=\"javascript:alert(1)\">her</a> og <a href=\"/faa-hjaelp\" style=\"color:red\">der</a>.</p><iframe src=\"https://evil.example\"></iframe>"
        + "<p><a href=\"data:text/html,<script>alert(1)</script>\">data</a></p>";

    private Task<string> StoredJsonAsync(Guid id) => App.With(async services =>
    {
        var db = services.GetRequiredService<CampaignDb>();
        var node = await db.ContentNodes.AsNoTracking().SingleAsync(n => n.Id == id);
        return await db.ContentVersions.AsNoTracking().Where(v => v.Id == node.DraftVersionId || v.Id == node.PublishedVersionId)
            .OrderByDescending(v => v.Number).Select(v => v.Data).FirstAsync();
    });

    [Fact]
    public async Task Hostile_html_pasted_into_the_editor_is_stored_and_published_without_script()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Pages.UniqueName("Indsat fra nettet");
        var (id, url) = await App.CreateAsync(name, Pages.Data("En side med indsat tekst."), publish: false);

        var response = await ContentForms.PressAsync(editor, id, "Publish", ("Blocks.Count", "1"), ("Blocks[0].type", "richText"), ("Blocks[0].html", Hostile));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredJsonAsync(id);
        foreach (var bad in new[] { "script", "onerror", "onmouseover", "javascript:", "iframe", "style", "data:" })
        {
            Assert.DoesNotContain(bad, stored, StringComparison.OrdinalIgnoreCase);
        }

        var block = (RichTextBlock)ContentJson.Deserialize(stored).Blocks.Single();
        Assert.Equal("<h2>Kom med</h2><p>Vi ses her og <a href=\"/faa-hjaelp\">der</a>.</p><p>data</p>", block.Html);

        var page = await Html.ParseAsync(await App.Client().GetAsync(url));
        var text = page.QuerySelector(".block--text")!;
        Assert.Equal("Kom med", text.QuerySelector("h2")?.TextContent);
        Assert.Empty(page.QuerySelectorAll(".block--text script, .block--text img, .block--text iframe, .block--text [onerror], .block--text [style]"));
        Assert.Equal(["/faa-hjaelp"], text.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_editor_shows_an_older_markdown_block_as_html_and_saving_it_unchanged_keeps_the_markdown()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var legacy = (RichTextBlock)ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"richText","markdown":"## Fra før\n\nSkrevet i **Markdown**."}]}""").Blocks.Single();
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Gammel tekst"), Pages.Data("En ældre side.", legacy), publish: false);

        var form = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        var textarea = form.QuerySelector("textarea[name='Blocks[0].html'][data-richtext]");
        Assert.Equal("<h2>Fra før</h2>\n<p>Skrevet i <strong>Markdown</strong>.</p>", textarea?.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Save")).StatusCode);
        Assert.Contains("\"markdown\":\"## Fra før", await StoredJsonAsync(id));
        Assert.Contains("Der var ingen ændringer at gemme.", await editor.GetStringAsync($"/redaktion/indhold/{id}"));

        Assert.Equal(HttpStatusCode.Redirect, (await ContentForms.PressAsync(editor, id, "Save", ("Blocks[0].html", "<h2>Fra før</h2><p>Nu i <em>HTML</em>.</p>"))).StatusCode);
        var stored = await StoredJsonAsync(id);
        Assert.Contains("\"html\":\"<h2>Fra før</h2><p>Nu i <em>HTML</em>.</p>\"", stored);
        Assert.DoesNotContain("\"markdown\"", stored);
    }
}

/// <summary>A uSync file is imported through the same sanitizer as the editor.</summary>
public sealed class RichTextImportTests(SyncCopyApp app) : IntegrationTest<SyncCopyApp>(app)
{
    [Fact]
    public async Task Hostile_html_in_a_usync_file_is_sanitized_on_import()
    {
        // The app imports at start; start it first, so this import is the one that meets the new file.
        _ = App.Services.GetRequiredService<PublishedContentCache>().Current;
        var key = Guid.NewGuid();
        var home = JsonNode.Parse(await File.ReadAllTextAsync(App.ContentFile("forside.json")))!["key"]!.GetValue<string>();
        var name = Pages.UniqueName("Importeret");
        var file = new JsonObject
        {
            ["key"] = key.ToString(),
            ["parent"] = home,
            ["contentType"] = "page",
            ["name"] = name,
            ["sortOrder"] = 90,
            ["published"] = true,
            ["properties"] = new JsonObject { ["intro"] = "Fra en fil." },
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "richText",
                ["html"] = "<p>Fra filen<script>alert(1)</script><img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">link</a></p><style>*{}</style>",
            }),
        };
        await File.WriteAllTextAsync(App.ContentFile($"{key}.json"), file.ToJsonString(ContentJson.Indented));

        var report = await App.With(services => services.GetRequiredService<SyncImporter>().ImportAsync());

        Assert.Equal(1, report.Created);
        var stored = await App.With(services => services.GetRequiredService<CampaignDb>().ContentVersions.AsNoTracking().Where(v => v.NodeId == key).Select(v => v.Data).SingleAsync());
        Assert.Contains("\"html\":\"<p>Fra filen link</p>\"", stored);
        var page = await App.Client().GetStringAsync("/" + UrlSegment.From(name));
        Assert.Contains("<p>Fra filen link</p>", page);
        Assert.DoesNotContain("alert(1)", page);
    }
}
