using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// Each button of the content editor is one command, saved with its audit entry in one unit of work: a refused command
/// says what happened and saves nothing it should not, and nothing an editor does answers 500.
/// </summary>
public sealed class ContentCommandTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Guid HomeId => App.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;

    private async Task<Guid> CreatePageAsync(HttpClient editor, string name)
    {
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", HomeId.ToString()), new("ContentType", "page"), new("Name", name)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private Task<(int Versions, int Revision, List<string> Audit)> StoredAsync(Guid id) => App.With(async services =>
    {
        var db = services.GetRequiredService<CampaignDb>();
        var node = await db.ContentNodes.AsNoTracking().Include(n => n.Versions).SingleAsync(n => n.Id == id);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.ItemId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        return (node.Versions.Count, node.Revision, audit);
    });

    [Fact]
    public async Task Save_and_publish_with_an_empty_required_field_keeps_the_draft_logs_it_and_says_it_was_not_published()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var name = Portal.Unique("Halvfærdig");
        var id = await CreatePageAsync(editor, name);

        var response = await ContentForms.PressAsync(editor, id, "Publish", ("Blocks.Count", "1"), ("Blocks[0].type", "richText"), ("Blocks[0].html", "Min tekst, der ikke må gå tabt."));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html.ParseAsync(response);
        var summary = html.QuerySelector(".error-summary")?.TextContent ?? "";
        Assert.Contains("Kladden er gemt, men siden er ikke udgivet", summary);
        Assert.Contains("Udfyld feltet \"Indledning\".", summary);
        var (versions, revision, audit) = await StoredAsync(id);
        Assert.Equal(2, versions);
        Assert.Equal(["Oprettede side", "Gemte kladde"], audit);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync("/" + UrlSegment.From(name))).StatusCode);

        // The form answers with the saved revision, so fixing the field and publishing is not refused as a conflict.
        Assert.Equal(revision.ToString(), html.QuerySelector("input[name=Revision]")?.GetAttribute("value"));
        var fixedUp = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", ContentForms.FieldsOf(html, ("Properties[intro]", "Nu med indledning.")), $"/redaktion/indhold/{id}?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, fixedUp.StatusCode);
        Assert.Contains("Min tekst, der ikke må gå tabt.", await App.Client().GetStringAsync("/" + UrlSegment.From(name)));
    }

    [Fact]
    public async Task Moving_without_a_target_is_refused_and_saves_nothing()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Bliver hvor den er"));
        var before = await StoredAsync(id);

        var response = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [new("NewSortOrder", "0")], $"/redaktion/indhold/{id}?handler=Move");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Vælg den side, siden skal ligge under.", (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(before, await StoredAsync(id), new StoredComparer());
    }

    [Fact]
    public async Task An_unknown_action_is_a_400_and_saves_nothing()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Ukendt knap"));
        var before = await StoredAsync(id);

        var unknown = await ContentForms.BlockActionAsync(editor, id, "gem", ("Properties[intro]", "Skulle ikke gemmes."));
        var noAction = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", await ContentForms.EditFieldsAsync(editor, id, ("Properties[intro]", "Heller ikke denne.")));

        var unknownHandler = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", await ContentForms.EditFieldsAsync(editor, id, ("Properties[intro]", "Og ikke denne.")), $"/redaktion/indhold/{id}?handler=Gem");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAction.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownHandler.StatusCode);
        Assert.Contains("Skulle ikke gemmes.", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(before, await StoredAsync(id), new StoredComparer());
    }

    [Fact]
    public async Task Preview_shows_what_is_in_the_form_and_saves_no_version()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Set mange gange"));
        var before = await StoredAsync(id);
        var previewUrl = $"/redaktion/indhold/{id}/forhaandsvisning";

        for (var i = 0; i < 3; i++)
        {
            var fields = await ContentForms.EditFieldsAsync(editor, id, ("Properties[intro]", $"Udkast nummer {i}."), ("Blocks.Count", "1"), ("Blocks[0].type", "richText"),
                ("Blocks[0].html", "<h2>Kun i forhåndsvisningen</h2><p>Skrevet, <strong>ikke</strong> gemt.</p>"));
            var preview = await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", fields, previewUrl);
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Equal("noindex, nofollow", preview.Headers.GetValues("X-Robots-Tag").Single());
            var html = await Html.ParseAsync(preview);
            Assert.Contains("Intet er gemt endnu", html.QuerySelector(".preview-banner")?.TextContent);
            Assert.Equal($"Udkast nummer {i}.", html.QuerySelector(".lead")?.TextContent.Trim());
            Assert.Equal("Kun i forhåndsvisningen", html.QuerySelector(".block--text h2")?.TextContent);
            Assert.Equal("ikke", html.QuerySelector(".block--text strong")?.TextContent);
        }

        Assert.Equal(before, await StoredAsync(id), new StoredComparer());
        Assert.Equal(1, before.Versions);
        Assert.DoesNotContain("Kun i forhåndsvisningen", await editor.GetStringAsync($"/redaktion/indhold/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{Guid.NewGuid()}/forhaandsvisning")).StatusCode);
    }

    [Fact]
    public async Task Rolling_back_a_page_in_the_recycle_bin_is_refused_with_a_message()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("I papirkurven"));
        await ContentForms.PressAsync(editor, id, "Save", ("Properties[intro]", "Anden udgave."));
        var versionsPage = $"/redaktion/indhold/{id}/versioner";
        var revision = (await Html.ParseAsync(await editor.GetAsync(versionsPage))).QuerySelector("form[id=rollback-1] input[name=revision]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, $"/redaktion/indhold/{id}", [], $"/redaktion/indhold/{id}?handler=Trash")).StatusCode);

        var response = await Forms.PostAsync(editor, versionsPage, [new("revision", revision)], $"{versionsPage}?handler=Rollback&number=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Siden ligger i papirkurven", (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, (await Forms.PostAsync(editor, versionsPage, [], $"{versionsPage}?handler=Gendan&number=1")).StatusCode);
    }

    [Fact]
    public async Task Rolling_back_after_someone_else_saved_is_a_conflict_with_who_did_it()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (other, otherEmail) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("To redaktører"));
        await ContentForms.PressAsync(editor, id, "Save", ("Properties[intro]", "Anden udgave."));
        var versionsPage = $"/redaktion/indhold/{id}/versioner";
        var revision = (await Html.ParseAsync(await editor.GetAsync(versionsPage))).QuerySelector("form[id=rollback-1] input[name=revision]")!.GetAttribute("value")!;
        await ContentForms.PressAsync(other, id, "Save", ("Properties[intro]", "Den andens udgave."));

        var response = await Forms.PostAsync(editor, versionsPage, [new("revision", revision)], $"{versionsPage}?handler=Rollback&number=1");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"blev ændret af {otherEmail}", (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent);
        Assert.Equal(3, (await StoredAsync(id)).Versions);
    }

    [Fact]
    public async Task Rolling_back_to_a_version_that_breaks_todays_rules_is_refused_with_the_reasons()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var id = await CreatePageAsync(editor, Portal.Unique("Gammel version"));

        // A version saved before the content type lost a field (written as an older release of the site would have).
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var node = await db.ContentNodes.Include(n => n.Versions).SingleAsync(n => n.Id == id);
            node.SaveDraft(node.Name, new ContentData { Properties = { ["intro"] = "Gammel tekst.", ["udgaaetFelt"] = "findes ikke mere" } }, "tidligere udgave", DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        await ContentForms.PressAsync(editor, id, "Save", ("Properties[intro]", "Ny tekst."));
        var versionsPage = $"/redaktion/indhold/{id}/versioner";

        var response = await Forms.PostAsync(editor, versionsPage, [], $"{versionsPage}?handler=Rollback&number=2");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var summary = (await Html.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent;
        Assert.Contains("Version 2 kan ikke gendannes", summary);
        Assert.Contains("udgaaetFelt", summary);
        Assert.Equal(3, (await StoredAsync(id)).Versions);
    }

    private sealed class StoredComparer : IEqualityComparer<(int Versions, int Revision, List<string> Audit)>
    {
        public bool Equals((int Versions, int Revision, List<string> Audit) x, (int Versions, int Revision, List<string> Audit) y) =>
            x.Versions == y.Versions && x.Revision == y.Revision && x.Audit.SequenceEqual(y.Audit);

        public int GetHashCode((int Versions, int Revision, List<string> Audit) obj) => obj.Versions;
    }
}
