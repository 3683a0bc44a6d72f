using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>"Kopiér blokken til en anden side": the block as typed goes to the end of the other page's draft; nothing else is saved.</summary>
public sealed class BlockCopyTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Task<(int Versions, ContentData Current)> StoredAsync(Guid id) => App.With(async services =>
    {
        var node = await services.GetRequiredService<ContentService>().LoadAsync(id, default);
        return (node.Versions.Count, node.Current!.ReadData());
    });

    [Fact]
    public async Task A_block_is_copied_as_typed_to_the_draft_of_another_page()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (source, _) = await App.CreateAsync(Pages.UniqueName("Kilde"), Pages.Data("Her står blokken.", new FactBlock("12", "måneder"), new QuoteBlock("Det hjalp.")), publish: false);
        var targetName = Pages.UniqueName("Modtager");
        var (target, targetUrl) = await App.CreateAsync(targetName, Pages.Data("Her skal blokken hen.", new RichTextBlock("Første tekst.")));
        var sourceBefore = await StoredAsync(source);

        var fields = await ContentForms.EditFieldsAsync(editor, source, ("Blocks[1].text", "Det hjalp at sige det højt."), ("Blocks[1].copyTo", target.ToString()), ("action", "kopier:1"));
        var response = await Forms.PostAsync(editor, $"/redaktion/indhold/{source}", fields, $"/redaktion/indhold/{source}?handler=CopyBlock");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal($"Blok 2 (Citat eller fortælling) er kopieret til kladden af \"{targetName}\". Denne side er ikke gemt.", page.QuerySelector(".notice[role=status]")?.TextContent.Trim());
        // This page's form comes back as typed, unsaved.
        Assert.Equal("Det hjalp at sige det højt.", page.QuerySelector("textarea[name='Blocks[1].text']")?.TextContent);
        var sourceAfter = await StoredAsync(source);
        Assert.Equal(sourceBefore.Versions, sourceAfter.Versions);

        var (_, copied) = await StoredAsync(target);
        Assert.Equal(2, copied.Blocks.Count);
        Assert.Equal(new QuoteBlock("Det hjalp at sige det højt."), copied.Blocks[1]);
        Assert.DoesNotContain("Det hjalp at sige det højt.", await App.Client().GetStringAsync(targetUrl));
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == target && a.Action == "Gemte kladde")));
    }

    [Fact]
    public async Task Copying_without_a_page_or_to_a_missing_page_is_refused_in_danish()
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var (source, _) = await App.CreateAsync(Pages.UniqueName("Kilde"), Pages.Data("Her står blokken.", new FactBlock("12", "måneder")), publish: false);

        var missing = await Forms.PostAsync(editor, $"/redaktion/indhold/{source}",
            await ContentForms.EditFieldsAsync(editor, source, ("Blocks[0].copyTo", Guid.NewGuid().ToString()), ("action", "kopier:0")), $"/redaktion/indhold/{source}?handler=CopyBlock");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Vælg den side, blokken skal kopieres til.", (await Html.ParseAsync(missing)).QuerySelector(".error-summary")?.TextContent);

        var noBlock = await Forms.PostAsync(editor, $"/redaktion/indhold/{source}",
            await ContentForms.EditFieldsAsync(editor, source, ("action", "kopier:7")), $"/redaktion/indhold/{source}?handler=CopyBlock");
        Assert.Equal(HttpStatusCode.BadRequest, noBlock.StatusCode);
        Assert.Contains("Vælg den blok, du vil kopiere.", (await Html.ParseAsync(noBlock)).QuerySelector(".error-summary")?.TextContent);

        Assert.Equal(HttpStatusCode.NotFound, (await Forms.PostAsync(editor, $"/redaktion/indhold/{source}", [new("action", "kopier:0")], $"/redaktion/indhold/{Guid.NewGuid()}?handler=CopyBlock")).StatusCode);
    }
}
