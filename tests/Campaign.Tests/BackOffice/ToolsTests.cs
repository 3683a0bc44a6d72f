using System.Net;
using Campaign.Tests.Content;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Sync;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>uSync export, the recycle bin, editors' redirects and the audit log.</summary>
public sealed class ToolsTests(SyncCopyApp app) : IntegrationTest<SyncCopyApp>(app)
{
    [Fact]
    public async Task Export_then_import_on_an_empty_database_gives_the_same_published_pages()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Eksporteret side"), Pages.Text("Skrevet i redaktionen og eksporteret."));

        var exported = await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [], "/redaktion/vaerktoejer?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, exported.StatusCode);
        Assert.Contains(Directory.GetFiles(Path.Combine(App.SyncFolder, "content")), f => File.ReadAllText(f).Contains(id.ToString()));

        // Deterministic: exporting the same content again changes no file.
        var again = await App.With(services => services.GetRequiredService<SyncExporter>().ExportAsync());
        Assert.Equal(0, again.Written);
        Assert.Equal(0, again.Removed);
        Assert.Empty((await App.With(services => services.GetRequiredService<SyncImporter>().ImportAsync())).Kept);

        await using var fresh = new CampaignApp().With("uSync:Folder", App.SyncFolder);
        var original = App.Services.GetRequiredService<PublishedContentCache>().Current.Pages.Select(p => p.Url).Order().ToList();
        var imported = fresh.Services.GetRequiredService<PublishedContentCache>().Current.Pages.Select(p => p.Url).Order().ToList();
        Assert.Equal(original, imported);
        foreach (var url in original)
        {
            Assert.Equal(WithoutStamps(await App.Client().GetStringAsync(url)), WithoutStamps(await fresh.Client().GetStringAsync(url)));
        }
    }

    /// <summary>Forms carry a signed timestamp (the bot check) that differs from request to request.</summary>
    private static string WithoutStamps(string html) => System.Text.RegularExpressions.Regex.Replace(html, "value=\"CfDJ8[^\"]*\"", "value=\"\"");

    [Fact]
    public async Task A_page_in_the_recycle_bin_is_off_the_site_until_restored()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Midlertidig"), Pages.Text("Snart i papirkurven."));
        var edit = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        var revision = edit.QuerySelector("input[name=Revision]")!.GetAttribute("value")!;

        var trashed = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [new("Revision", revision), new("action", "slet")]);

        Assert.Equal("/redaktion/indhold", trashed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
        Assert.Contains("Midlertidig", await editor.GetStringAsync("/redaktion/vaerktoejer"));

        await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [], $"/redaktion/vaerktoejer?handler=Restore&nodeId={id}");

        // Restored as a draft: publishing it again is a separate step.
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
        Assert.Contains("gendannet som kladde", await editor.GetStringAsync("/redaktion/vaerktoejer"));
        Assert.Equal(HttpStatusCode.Redirect, (await PublishAsync(editor, id)).StatusCode);

        Assert.Contains("Snart i papirkurven.", await App.Client().GetStringAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [], $"/redaktion/vaerktoejer?handler=Restore&nodeId={Guid.NewGuid()}")).StatusCode);
    }

    /// <summary>Presses "Gem og udgiv" on the edit form with what it holds, as the browser would.</summary>
    private static async Task<HttpResponseMessage> PublishAsync(HttpClient client, Guid id)
    {
        var html = await Html.ParseAsync(await client.GetAsync($"/redaktion/indhold/{id}"));
        var fields = html.QuerySelectorAll("form[data-warn-unsaved] input[name], form[data-warn-unsaved] textarea[name]")
            .Where(e => e.GetAttribute("type") is not ("submit" or "radio" or "checkbox") && e.GetAttribute("name") is not ("__RequestVerificationToken" or "newBlock"))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.LocalName == "textarea" ? e.TextContent : e.GetAttribute("value") ?? ""))
            .Append(new("action", "udgiv"))
            .ToList();
        return await Forms.PostAsync(client, $"/redaktion/indhold/{id}", fields);
    }

    [Fact]
    public async Task A_moderator_who_restores_a_page_cannot_put_it_live()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Trukket tilbage"), Pages.Text("Må ikke komme tilbage af sig selv."));
        var edit = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}"));
        await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [new("Revision", edit.QuerySelector("input[name=Revision]")!.GetAttribute("value")!), new("action", "slet")]);

        var restored = await Forms.PostAsync(moderator, "/redaktion/vaerktoejer", [], $"/redaktion/vaerktoejer?handler=Restore&nodeId={id}");

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
        var node = await App.With(services => services.GetRequiredService<CampaignDb>().ContentNodes.AsNoTracking().SingleAsync(n => n.Id == id));
        Assert.False(node.IsTrashed);
        Assert.Null(node.PublishedVersionId);
        Assert.NotNull(node.DraftVersionId);

        // The draft keeps everything, and only those with publish rights can put it live.
        edit = await Html.ParseAsync(await moderator.GetAsync($"/redaktion/indhold/{id}"));
        Assert.Contains("Må ikke komme tilbage af sig selv.", edit.DocumentElement.OuterHtml);
        var publish = await PublishAsync(moderator, id);
        Assert.True(publish.StatusCode is HttpStatusCode.Forbidden || publish.Headers.Location?.AbsolutePath == "/fejl/403", $"got {publish.StatusCode} {publish.Headers.Location}");
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Editors_add_and_remove_redirects()
    {
        var (editor, email) = await App.StaffSignedInAsync(Roles.Editor);
        var (id, url) = await App.CreateAsync(Pages.UniqueName("Mål"), Pages.Text("Her lander man."));
        var old = "/kampagne-" + Guid.NewGuid().ToString("N")[..6];

        var bad = await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [new("OldPath", url), new("TargetId", id.ToString())], "/redaktion/vaerktoejer?handler=AddRedirect");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("allerede i brug", await bad.Content.ReadAsStringAsync());

        await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [new("OldPath", old), new("TargetId", id.ToString())], "/redaktion/vaerktoejer?handler=AddRedirect");
        var moved = await App.Client().GetAsync(old);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal(url, moved.Headers.Location?.OriginalString);

        var redirectId = await App.With(services => services.GetRequiredService<CampaignDb>().Redirects.Where(r => r.Path == old).Select(r => r.Id).SingleAsync());
        await Forms.PostAsync(editor, "/redaktion/vaerktoejer", [], $"/redaktion/vaerktoejer?handler=RemoveRedirect&redirectId={redirectId}");
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(old)).StatusCode);

        var log = await Html.ParseAsync(await editor.GetAsync($"/redaktion/log?hvem={Uri.EscapeDataString(email)}&hvad=omdirigering"));
        var rows = log.QuerySelectorAll("table.audit tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("Tilføjede omdirigering") && r.Contains(old));
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/redaktion/log?fra=igår")).StatusCode);
    }

    [Fact]
    public async Task A_moderator_cannot_change_redirects_or_export()
    {
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var (id, _) = await App.CreateAsync(Pages.UniqueName("Beskyttet"), Pages.Text("x"));

        var add = await Forms.PostAsync(moderator, "/redaktion/vaerktoejer", [new("OldPath", "/forsoeg"), new("TargetId", id.ToString())], "/redaktion/vaerktoejer?handler=AddRedirect");
        var export = await Forms.PostAsync(moderator, "/redaktion/vaerktoejer", [], "/redaktion/vaerktoejer?handler=Export");

        Assert.Equal("/fejl/403", add.Headers.Location?.AbsolutePath);
        Assert.Equal("/fejl/403", export.Headers.Location?.AbsolutePath);
    }
}
