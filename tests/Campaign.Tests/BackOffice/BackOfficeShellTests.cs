using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// The back office's shell: its tree, sections and breadcrumbs; moving and sorting pages (by drag and drop or the
/// keyboard's Op/Ned/Flyt) under the content types' rules; the create dialog that offers only allowed types; templates.
/// </summary>
public sealed class BackOfficeShellTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Guid HomeId => App.Services.GetRequiredService<PublishedContentCache>().Current.Root!.Id;

    private static async Task<Guid> CreateAsync(HttpClient editor, Guid parent, string type, string name)
    {
        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", parent.ToString()), new("ContentType", type), new("Name", name)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private Task<(Guid? Parent, int Order)> StoredAsync(Guid id) => App.With(async services =>
    {
        var node = await services.GetRequiredService<CampaignDb>().ContentNodes.AsNoTracking().SingleAsync(n => n.Id == id);
        return (node.ParentId, node.SortOrder);
    });

    private Task<List<Guid>> ChildrenInOrderAsync(Guid parent) => App.With(services =>
        services.GetRequiredService<CampaignDb>().ContentNodes.AsNoTracking().Where(n => n.ParentId == parent && !n.IsTrashed)
            .OrderBy(n => n.SortOrder).ThenBy(n => n.Name).Select(n => n.Id).ToListAsync());

    /// <summary>What the tree's drag and drop sends: a form post with the page's antiforgery token, asking for JSON.</summary>
    private static async Task<HttpResponseMessage> DropAsync(HttpClient editor, Guid id, Guid parent, int index)
    {
        var page = await Html.ParseAsync(await editor.GetAsync("/redaktion/indhold"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/redaktion/indhold/{id}/flyt")
        {
            Content = new FormUrlEncodedContent([new("parentId", parent.ToString()), new("index", index.ToString()), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await editor.SendAsync(request);
    }

    [Fact]
    public async Task A_page_cannot_be_moved_under_a_page_whose_type_does_not_allow_it()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var news = await CreateAsync(editor, HomeId, "newsIndex", Portal.Unique("Nyheder"));
        var article = await CreateAsync(editor, news, "newsArticle", Portal.Unique("Artikel"));
        var page = await CreateAsync(editor, HomeId, "page", Portal.Unique("Om os"));

        var offered = (await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{article}/flyt"))).QuerySelectorAll("input[name=parentId]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains(news.ToString(), offered);
        Assert.DoesNotContain(page.ToString(), offered);
        Assert.DoesNotContain(HomeId.ToString(), offered);

        var refused = await Forms.PostAsync(editor, $"/redaktion/indhold/{article}/flyt", [new("parentId", page.ToString()), new("index", "0")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("En nyhed kan ikke ligge under en side.", (await Html.ParseAsync(refused)).QuerySelector(".error-summary")?.TextContent);
        var dropped = await DropAsync(editor, article, page, 0);
        Assert.Equal(HttpStatusCode.BadRequest, dropped.StatusCode);
        Assert.Equal("En nyhed kan ikke ligge under en side.", JsonDocument.Parse(await dropped.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        Assert.Equal(news, (await StoredAsync(article)).Parent);
    }

    [Fact]
    public async Task A_page_cannot_be_moved_below_itself()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var parent = await CreateAsync(editor, HomeId, "page", Portal.Unique("Forælder"));
        var child = await CreateAsync(editor, parent, "page", Portal.Unique("Barn"));
        var grandchild = await CreateAsync(editor, child, "page", Portal.Unique("Barnebarn"));

        var offered = (await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{parent}/flyt"))).QuerySelectorAll("input[name=parentId]").Select(i => i.GetAttribute("value")).ToList();
        Assert.DoesNotContain(child.ToString(), offered);
        Assert.DoesNotContain(grandchild.ToString(), offered);

        foreach (var below in new[] { child, grandchild, parent })
        {
            var refused = await DropAsync(editor, parent, below, 0);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("kan ikke flyttes ind under sig selv", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(HomeId, (await StoredAsync(parent)).Parent);
    }

    [Fact]
    public async Task Dropping_a_page_places_it_among_its_new_siblings_and_logs_the_move()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var parent = await CreateAsync(editor, HomeId, "page", Portal.Unique("Tema"));
        var first = await CreateAsync(editor, parent, "page", Portal.Unique("Først"));
        var last = await CreateAsync(editor, parent, "page", Portal.Unique("Sidst"));
        var moving = await CreateAsync(editor, HomeId, "page", Portal.Unique("Flyttes"));

        var dropped = await DropAsync(editor, moving, parent, 1);

        Assert.Equal(HttpStatusCode.OK, dropped.StatusCode);
        Assert.Contains("er flyttet", JsonDocument.Parse(await dropped.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        Assert.Equal([first, moving, last], await ChildrenInOrderAsync(parent));
        var audit = await App.With(s => s.GetRequiredService<CampaignDb>().AuditEntries.AsNoTracking().Where(a => a.ItemId == moving).Select(a => a.Action).ToListAsync());
        Assert.Contains("Flyttede side", audit);

        // The tree shows it there: the page open, its path expanded, the breadcrumbs from the root.
        var html = await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{moving}"));
        var current = html.QuerySelector(".bo-tree a[aria-current=page]");
        Assert.Equal($"/redaktion/indhold/{moving}", current?.GetAttribute("href"));
        Assert.Equal(parent.ToString(), current!.Closest(".bo-tree__item")!.ParentElement!.Closest(".bo-tree__item")!.GetAttribute("data-id"));
        var crumbs = html.QuerySelectorAll(".bo-crumbs li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal("Indhold", crumbs[0]);
        Assert.Equal(crumbs.Count - 2, crumbs.IndexOf(crumbs.Single(c => c.StartsWith("Tema", StringComparison.Ordinal))));
        Assert.Equal("Indhold", html.QuerySelector(".bo-sections a[aria-current]")?.TextContent);
        Assert.Null(html.QuerySelector(".site-footer"));
        Assert.Null(html.QuerySelector(".site-header"));
    }

    [Fact]
    public async Task Up_and_down_sort_siblings_and_refuse_past_the_ends()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var parent = await CreateAsync(editor, HomeId, "page", Portal.Unique("Liste"));
        var a = await CreateAsync(editor, parent, "page", Portal.Unique("A"));
        var b = await CreateAsync(editor, parent, "page", Portal.Unique("B"));

        var down = await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{a}/flyt?handler=Down");
        Assert.Equal(HttpStatusCode.Redirect, down.StatusCode);
        Assert.Equal([b, a], await ChildrenInOrderAsync(parent));
        var rows = (await Html.ParseAsync(await editor.GetAsync("/redaktion/indhold"))).QuerySelectorAll("tr[id]").Select(r => r.Id).ToList();
        Assert.True(rows.IndexOf($"r-{b}") < rows.IndexOf($"r-{a}"));

        var refused = await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{a}/flyt?handler=Down");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("ligger allerede nederst", await refused.Content.ReadAsStringAsync());
        Assert.Equal([b, a], await ChildrenInOrderAsync(parent));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{a}/flyt?handler=Up")).StatusCode);
        Assert.Equal([a, b], await ChildrenInOrderAsync(parent));
    }

    [Fact]
    public async Task Routes_that_take_an_id_answer_404_for_unknown_pages_and_refuse_those_without_the_right()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var page = await CreateAsync(editor, HomeId, "page", Portal.Unique("Beskyttet"));
        var other = await CreateAsync(editor, HomeId, "page", Portal.Unique("Anden"));
        var unknown = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/indhold/{unknown}/flyt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/redaktion/indhold/trae/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DropAsync(editor, unknown, HomeId, 0)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{unknown}/tilstede")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{unknown}/delelink")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/indhold", [new("name", "Skabelon")], $"/redaktion/indhold/skabeloner?handler=Save&id={unknown}")).StatusCode);

        // A preview link is withdrawn only through its own page.
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{page}/delelink")).StatusCode);
        var link = await App.With(s => s.GetRequiredService<CampaignDb>().PreviewLinks.AsNoTracking().SingleAsync(l => l.NodeId == page));
        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, "/redaktion/indhold", [], $"/redaktion/indhold/{other}/delelink?handler=Revoke&linkId={link.Id}")).StatusCode);
        Assert.Null((await App.With(s => s.GetRequiredService<CampaignDb>().PreviewLinks.AsNoTracking().SingleAsync(l => l.Id == link.Id))).RevokedAt);

        // Moving is for publishers; a moderator sees the tree but not the move page, and nothing moves.
        var forbidden = await moderator.GetAsync($"/redaktion/indhold/{page}/flyt");
        Assert.True(forbidden.StatusCode is HttpStatusCode.Forbidden || forbidden.Headers.Location?.AbsolutePath == "/fejl/403", $"got {forbidden.StatusCode} {forbidden.Headers.Location}");
        var dropped = await DropAsync(moderator, page, other, 0);
        Assert.True(dropped.StatusCode is HttpStatusCode.Forbidden || dropped.Headers.Location?.AbsolutePath == "/fejl/403", $"got {dropped.StatusCode} {dropped.Headers.Location}");
        Assert.Equal(HomeId, (await StoredAsync(page)).Parent);
        Assert.Empty((await Html.ParseAsync(await moderator.GetAsync("/redaktion/indhold"))).QuerySelectorAll("[draggable=true]"));

        // Signed out: the sign-in page.
        var anonymous = await App.Client().GetAsync($"/redaktion/indhold/{page}/flyt");
        Assert.StartsWith("/redaktion/log-ind", anonymous.Headers.Location?.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_create_dialog_under_a_page_offers_only_the_types_that_page_allows()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var news = await CreateAsync(editor, HomeId, "newsIndex", Portal.Unique("Nyt"));

        List<string?> Offered(AngleSharp.Dom.IDocument html) => html.QuerySelectorAll("select[name=ContentType] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["newsArticle"], Offered(await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold?under={news}"))));
        Assert.Equal(["page", "newsIndex", "eventSeries", "partnershipIndex"], Offered(await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold?under={HomeId}"))));

        var refused = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", news.ToString()), new("ContentType", "page"), new("Name", "Forkert sted")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("En side kan ikke ligge under en nyhedsoversigt.", (await Html.ParseAsync(refused)).QuerySelector(".error-summary")?.TextContent);
    }

    [Fact]
    public async Task A_page_saved_as_a_template_starts_new_pages_with_its_properties_and_blocks()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var source = await CreateAsync(editor, HomeId, "page", Portal.Unique("Kampagneside"));
        var saved = await ContentForms.PressAsync(editor, source, "Save", ("Properties[intro]", "Skabelonens indledning."), ("Blocks.Count", "1"), ("Blocks[0].type", "richText"), ("Blocks[0].html", "Skabelonens tekst."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var templateName = Portal.Unique("Kampagne");

        var stored = await Forms.PostAsync(editor, $"/redaktion/indhold/{source}", [new("name", templateName)], $"/redaktion/indhold/skabeloner?handler=Save&id={source}");
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);
        Assert.Contains($"Skabelonen \"{templateName}\" er gemt.", (await Html.ParseAsync(await editor.GetAsync($"/redaktion/indhold/{source}"))).QuerySelector(".notice")?.TextContent);
        var listed = await Html.ParseAsync(await editor.GetAsync("/redaktion/indhold"));
        var option = listed.QuerySelectorAll("select[name=TemplateId] option").Single(o => o.TextContent.Contains(templateName));

        var created = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", HomeId.ToString()), new("ContentType", "page"), new("TemplateId", option.GetAttribute("value")!), new("Name", Portal.Unique("Ny kampagne"))]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = Guid.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);
        var fields = await ContentForms.EditFieldsAsync(editor, id);
        Assert.Contains(new KeyValuePair<string, string>("Properties[intro]", "Skabelonens indledning."), fields);
        Assert.Contains("Skabelonens tekst.", Assert.Single(fields, f => f.Key == "Blocks[0].html").Value);

        // A template keeps its type: under a page that does not allow it, it is refused like any other page.
        var news = await CreateAsync(editor, HomeId, "newsIndex", Portal.Unique("Nyheder"));
        var refused = await Forms.PostAsync(editor, "/redaktion/indhold", [new("ParentId", news.ToString()), new("ContentType", "newsArticle"), new("TemplateId", option.GetAttribute("value")!), new("Name", "Forkert")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("En side kan ikke ligge under en nyhedsoversigt.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_tree_loads_a_pages_children_on_demand_and_links_them_without_javascript()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Moderator);
        var (publisher, _) = await App.StaffSignedInAsync(Roles.Editor);
        var parent = await CreateAsync(publisher, HomeId, "page", Portal.Unique("Mappe"));
        var child = await CreateAsync(publisher, parent, "page", Portal.Unique("Indeni"));

        var tree = await Html.ParseAsync(await editor.GetAsync("/redaktion/indhold"));
        var toggle = tree.QuerySelector($".bo-tree__item[data-id='{parent}'] .bo-tree__twisty");
        Assert.Equal("false", toggle?.GetAttribute("aria-expanded"));
        Assert.Null(tree.QuerySelector($".bo-tree__item[data-id='{child}']"));
        Assert.Equal($"/redaktion/indhold?aaben={parent}", toggle!.GetAttribute("href"));

        var opened = await Html.ParseAsync(await editor.GetAsync(toggle.GetAttribute("href")!));
        Assert.NotNull(opened.QuerySelector($".bo-tree__item[data-id='{child}'] a[href='/redaktion/indhold/{child}']"));
        var fragment = await Html.ParseAsync(await editor.GetAsync(toggle.GetAttribute("data-children")!));
        Assert.Equal([child.ToString()], fragment.QuerySelectorAll(".bo-tree__item").Select(i => i.GetAttribute("data-id")).ToList());
    }
}
