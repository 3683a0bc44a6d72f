using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Partnerships;

/// <summary>Editors make partnerships as content: what they fill in shows on the page. A database of its own, as these tests add partnerships.</summary>
public sealed class PartnershipContentTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private Task<string> CreatePartnershipAsync(string name, Dictionary<string, string> properties, params Block[] blocks) =>
        App.With(async services =>
        {
            var index = services.GetRequiredService<PublishedContentCache>().Current.Pages.Single(p => p.Type == ContentTypes.PartnershipIndex);
            var node = await services.GetRequiredService<ContentCommands>().CreateAndPublishAsync(index.Id, "partnership", name, new ContentData { Properties = properties, Blocks = [.. blocks] }, "test");
            return index.Url + "/" + node.Segment;
        });

    [Fact]
    public async Task Strategy_document_contact_and_members_from_the_content_are_shown()
    {
        var url = await CreatePartnershipAsync("Esbjerg", new()
        {
            ["title"] = "Lokalt partnerskab mod ensomhed i Esbjerg",
            ["intro"] = "Sammen om flere fællesskaber i Esbjerg.",
            ["municipalityCode"] = "561",
            ["contactName"] = "Kommunens koordinator for ensomhedsindsatsen",
            ["contactRole"] = "Esbjerg Kommune",
            ["contactEmail"] = "ensomhed@kommune.example",
            ["strategyTitle"] = "Strategi mod ensomhed 2025-2029",
            ["strategyUrl"] = "/media/esbjerg-strategi.pdf",
        },
        new RichTextBlock("## Om partnerskabet\n\nVi mødes fire gange om året."),
        new MembersBlock([new PartnershipMember("Frivilligcentret", "Frivilligcenter", "https://frivillig.example"), new PartnershipMember("Idrætsforeningen", "Forening")], "Vi er med"));

        Assert.Equal("/lokale-partnerskaber/esbjerg", url);
        var response = await App.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Html.ParseAsync(response);

        var strategy = html.QuerySelector("section[aria-labelledby=strategi] a");
        Assert.Equal("/media/esbjerg-strategi.pdf", strategy?.GetAttribute("href"));
        Assert.True(strategy!.HasAttribute("download"));
        Assert.Equal("Hent Strategi mod ensomhed 2025-2029", strategy.TextContent.Trim());
        var contact = html.QuerySelector("section[aria-labelledby=kontakt]")!;
        Assert.Contains("Kommunens koordinator for ensomhedsindsatsen", contact.TextContent);
        Assert.Contains("Esbjerg Kommune", contact.TextContent);
        Assert.Equal("mailto:ensomhed@kommune.example", contact.QuerySelector("a[href^='mailto:']")?.GetAttribute("href"));
        var members = html.QuerySelector("section[aria-labelledby=medlemmer]")!;
        Assert.Equal("Vi er med", members.QuerySelector("h2")?.TextContent.Trim());
        Assert.Equal("https://frivillig.example", members.QuerySelector("a.member__name")?.GetAttribute("href"));
        Assert.Equal(["Frivilligcenter", "Forening"], members.QuerySelectorAll(".member__type").Select(t => t.TextContent.Trim()));
        Markup.AssertAccessible(html);

        var index = await App.Client().GetStringAsync("/lokale-partnerskaber");
        Assert.Matches(@"\d+ kommuner har et lokalt partnerskab", index);
        Assert.Contains("href=\"/lokale-partnerskaber/esbjerg\"", index);
    }

    [Fact]
    public async Task A_new_partnership_without_members_or_email_says_what_to_do()
    {
        var url = await CreatePartnershipAsync("Aarhus", new()
        {
            ["intro"] = "Et nyt partnerskab.",
            ["municipalityCode"] = "751",
            ["contactName"] = "Kommunens koordinator for ensomhedsindsatsen",
        });
        var html = await Html.ParseAsync(await App.Client().GetAsync(url));

        Assert.Contains("Listen over medlemmer er ikke lagt på siden endnu", html.QuerySelector("section[aria-labelledby=medlemmer]")?.TextContent);
        var contact = html.QuerySelector("section[aria-labelledby=kontakt]")!;
        Assert.Contains("Kommunens koordinator for ensomhedsindsatsen", contact.TextContent);
        Assert.Null(contact.QuerySelector("a[href^='mailto:']"));
        Assert.Null(html.QuerySelector("section[aria-labelledby=strategi]"));
        Markup.AssertAccessible(html);
    }

    [Fact]
    public async Task A_members_block_shows_on_an_ordinary_page_too()
    {
        var (_, url) = await App.CreateAsync(Pages.UniqueName("Vores netværk"),
            Pages.Data("Dem vi arbejder sammen med.", new MembersBlock([new PartnershipMember("Naboskabet", "Forening")], "Netværket")));

        var html = await Html.ParseAsync(await App.Client().GetAsync(url));

        Assert.Equal("Naboskabet", html.QuerySelector(".block--members .member__name")?.TextContent.Trim());
        Assert.Equal("Netværket", html.QuerySelector(".block--members h2")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_partnership_with_an_invalid_municipality_code_cannot_be_saved()
    {
        var error = await Assert.ThrowsAsync<ContentValidationException>(() => CreatePartnershipAsync("Atlantis", new()
        {
            ["intro"] = "Findes ikke.",
            ["municipalityCode"] = "999",
        }));

        Assert.Contains(error.Errors, e => e.Contains("Kommune") && e.Contains("999"));
    }
}
