using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>Editors write, preview, publish, rename and roll back pages in /redaktion/indhold.</summary>
public sealed class ContentEditingTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Guid HomeId => App.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;

    private async Task<Guid> CreatePageAsync(HttpClient editor, string name)
    {
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", HomeId.ToString()), new("ContentType", "page"), new("Name", name)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static Task<List<KeyValuePair<string, string>>> EditFieldsAsync(HttpClient client, Guid id, params (string Key, string Value)[] changes) =>
        ContentForms.EditFieldsAsync(client, id, changes);

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string handler, params (string Key, string Value)[] changes) =>
        ContentForms.PressAsync(client, id, handler, changes);

    private static Task<HttpResponseMessage> BlockActionAsync(HttpClient client, Guid id, string action, params (string Key, string Value)[] changes) =>
        ContentForms.BlockActionAsync(client, id, action, changes);

    [Fact]
    public async Task An_editor_writes_previews_and_publishes_a_page()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("Sommerkampagne");
        var id = await CreatePageAsync(editor, name);

        var added = await BlockActionAsync(editor, id, "tilfoej", ("newBlock", "richText"));
        Assert.Contains("Blok 1: Tekst", await added.Content.ReadAsStringAsync());
        var fields = (await Html.ParseAsync(added)).QuerySelectorAll("form[method=post] [name]").Select(e => e.GetAttribute("name")).ToList();
        Assert.Contains("Blocks[0].html", fields);

        var saved = await ActAsync(editor, id, "Save", ("Properties[intro]", "Til sommer taler vi om ensomhed."), ("Blocks.Count", "1"), ("Blocks[0].type", "richText"), ("Blocks[0].html", "## Vær med\n\nDel din historie."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var url = "/" + UrlSegment.From(name);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(url)).StatusCode);

        var preview = await editor.GetAsync($"/redaktion/indhold/{id}/forhaandsvisning");
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Forhåndsvisning", previewHtml);
        Assert.Contains("Del din historie.", previewHtml);
        Assert.Equal("noindex, nofollow", preview.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Contains("no-store", preview.Headers.CacheControl?.ToString());

        var published = await ActAsync(editor, id, "Publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Contains("Del din historie.", await App.Client().GetStringAsync(url));
    }

    [Fact]
    public async Task Publishing_refuses_a_page_that_misses_required_fields()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Uden indledning"));

        var response = await ActAsync(editor, id, "Publish");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Udfyld feltet", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_moderator_saves_drafts_but_cannot_publish()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Moderatorside"));
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);

        var publish = await ActAsync(moderator, id, "Publish", ("Properties[intro]", "Hej"));

        Assert.True(publish.StatusCode is HttpStatusCode.Forbidden || publish.Headers.Location?.AbsolutePath == "/fejl/403", $"got {publish.StatusCode} {publish.Headers.Location}");
        Assert.DoesNotContain("Gem og udgiv", await moderator.GetStringAsync($"/redaktion/indhold/{id}"));
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(moderator, id, "Save", ("Properties[intro]", "Kladde fra moderator"))).StatusCode);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_saves_is_refused_with_who_changed_it()
    {
        var (anna, annaEmail) = await App.StaffSignedInAsync(Roles.Editor);
        var (bo, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(anna, Portal.Unique("Fælles side"));
        var annasForm = await EditFieldsAsync(anna, id, ("Properties[intro]", "Annas tekst"));
        var bosForm = await EditFieldsAsync(bo, id, ("Properties[intro]", "Bos tekst"));

        var first = await Forms.PostAsync(anna, $"/redaktion/indhold/{id}", annasForm, $"/redaktion/indhold/{id}?handler=Save");
        var second = await Forms.PostAsync(bo, $"/redaktion/indhold/{id}", bosForm, $"/redaktion/indhold/{id}?handler=Save");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains($"blev ændret af {annaEmail}", html);
        Assert.Contains("Bos tekst", html);
    }

    [Fact]
    public async Task Renaming_a_published_page_keeps_a_301_from_the_old_address()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var oldName = Portal.Unique("Gammelt navn");
        var id = await CreatePageAsync(editor, oldName);
        await ActAsync(editor, id, "Publish", ("Properties[intro]", "En side, der skifter navn."));
        var oldUrl = "/" + UrlSegment.From(oldName);
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync(oldUrl)).StatusCode);

        var newName = Portal.Unique("Nyt navn");
        await ActAsync(editor, id, "Publish", ("Name", newName));

        var moved = await App.Client().GetAsync(oldUrl);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal("/" + UrlSegment.From(newName), moved.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync(moved.Headers.Location!.OriginalString)).StatusCode);
    }

    [Fact]
    public async Task A_bad_change_is_rolled_back_from_the_versions()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("Rulles tilbage");
        var id = await CreatePageAsync(editor, name);
        await ActAsync(editor, id, "Publish", ("Properties[intro]", "Den gode tekst."));
        await ActAsync(editor, id, "Publish", ("Properties[intro]", "Den dårlige tekst."));
        var url = "/" + UrlSegment.From(name);
        Assert.Contains("Den dårlige tekst.", await App.Client().GetStringAsync(url));

        var versions = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{id}/versioner?a=2&b=3"));
        var intro = versions.QuerySelectorAll(".diff tbody tr").Single(r => r.QuerySelector("th")?.TextContent == "Indledning");
        Assert.Equal(["Den gode tekst.", "Den dårlige tekst."], intro.QuerySelectorAll("td").Select(c => c.TextContent));
        Assert.Equal("gode", intro.QuerySelector("del")?.TextContent);
        Assert.Equal("dårlige", intro.QuerySelector("ins")?.TextContent);
        var rolledBack = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}/versioner", [], $"/redaktion/indhold/{id}/versioner?handler=Rollback&number=2");
        Assert.Equal(HttpStatusCode.Redirect, rolledBack.StatusCode);
        Assert.Contains("Den dårlige tekst.", await App.Client().GetStringAsync(url));

        await ActAsync(editor, id, "Publish");

        Assert.Contains("Den gode tekst.", await App.Client().GetStringAsync(url));
    }

    [Fact]
    public async Task Moving_a_published_page_keeps_301s_and_copying_makes_a_draft()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var parentName = Portal.Unique("Forælder");
        var parent = await CreatePageAsync(editor, parentName);
        await ActAsync(editor, parent, "Publish", ("Properties[intro]", "Her samler vi undersider."));
        var childName = Portal.Unique("Flyttes");
        var child = await CreatePageAsync(editor, childName);
        await ActAsync(editor, child, "Publish", ("Properties[intro]", "Jeg flytter snart."));
        var oldUrl = "/" + UrlSegment.From(childName);

        var moved = await Forms.PostAsync(editor, $"/redaktion/indhold/{child}", [new("NewParentId", parent.ToString()), new("NewSortOrder", "0")], $"/redaktion/indhold/{child}?handler=Move");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var newUrl = "/" + UrlSegment.From(parentName) + "/" + UrlSegment.From(childName);
        var followed = await App.Client().GetAsync(oldUrl);
        Assert.Equal(HttpStatusCode.MovedPermanently, followed.StatusCode);
        Assert.Equal(newUrl, followed.Headers.Location?.OriginalString);

        // Into its own child: refused with a message, nothing moved.
        var before = await TreePlaceAsync(parent, child);
        var refused = await Forms.PostAsync(editor, $"/redaktion/indhold/{parent}", [new("NewParentId", child.ToString())], $"/redaktion/indhold/{parent}?handler=Move");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("kan ikke flyttes ind under sig selv", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await TreePlaceAsync(parent, child));
        Assert.Equal((HomeId, child), (before[0].ParentId, before[1].Id));
        Assert.Equal(parent, before[1].ParentId);
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync("/" + UrlSegment.From(parentName))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client().GetAsync(newUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(newUrl + "/" + UrlSegment.From(parentName))).StatusCode);

        var copied = await Forms.PostAsync(editor, $"/redaktion/indhold/{child}", [], $"/redaktion/indhold/{child}?handler=Copy");
        var copyId = Guid.Parse(copied.Headers.Location!.OriginalString.Split('/')[^1]);
        var copy = await editor.GetStringAsync($"/redaktion/indhold/{copyId}");
        Assert.Contains($"{childName} (kopi)", copy);
        Assert.Contains("Ikke udgivet", copy);
    }

    /// <summary>Where the nodes sit in the tree, as stored.</summary>
    private Task<List<(Guid Id, Guid? ParentId, int SortOrder, string Segment)>> TreePlaceAsync(params Guid[] ids) =>
        App.With(async services =>
        {
            var nodes = await services.GetRequiredService<CampaignDb>().ContentNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync();
            return ids.Select(id => nodes.Single(n => n.Id == id)).Select(n => (n.Id, n.ParentId, n.SortOrder, n.Segment)).ToList();
        });

    [Fact]
    public async Task Members_strangers_and_unknown_ids_are_kept_out()
    {
        var (member, _) = await App.RegisterAndSignInAsync();
        Assert.Equal("/fejl/403", (await member.GetAsync("/redaktion/indhold")).Headers.Location?.AbsolutePath);
        Assert.StartsWith("/redaktion/log-ind", (await App.Client().GetAsync($"/redaktion/indhold/{HomeId}")).Headers.Location?.OriginalString);
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/indhold/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/indhold/{Guid.NewGuid()}/versioner")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/indhold/{Guid.NewGuid()}/forhaandsvisning")).StatusCode);
    }
}
