using System.Net;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Features.Partnerships;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Partnerships;

/// <summary>
/// The public partnership pages on the starter content. This class has a database of its own and only one test
/// makes events, so what a partnership page lists is exact.
/// </summary>
public sealed class PartnershipPageTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private async Task<IDocument> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await App.Client().GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private static IReadOnlyList<string> PartnershipLinks(IDocument html) =>
        html.QuerySelectorAll("section.partnership-region a").Select(a => a.GetAttribute("href")!).ToList();

    [Fact]
    public async Task Index_lists_the_starter_partnerships_grouped_by_region()
    {
        var html = await GetAsync("/lokale-partnerskaber");

        Assert.Equal("Lokale partnerskaber mod ensomhed", html.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Contains("2 kommuner har et lokalt partnerskab", html.QuerySelector(".results__count")?.TextContent);
        string[] Region(int code) => html.QuerySelectorAll($"section[aria-labelledby=region-{code}] h3 a").Select(a => a.GetAttribute("href")!).ToArray();
        Assert.Equal(["/lokale-partnerskaber/roedovre"], Region(1084));
        Assert.Equal(["/lokale-partnerskaber/odsherred"], Region(1085));
        Assert.Empty(Region(1081));
        Assert.Empty(Region(1082));
        Assert.Empty(Region(1083));
        var regionHeadings = html.QuerySelectorAll("section.partnership-region h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(2, regionHeadings.Count);
        Assert.StartsWith("Region Hovedstaden", regionHeadings[0]);
        Assert.Contains("Rødovre", html.QuerySelector("section[aria-labelledby=region-1084]")!.TextContent);
        Markup.AssertAccessible(html);
    }

    [Theory]
    [InlineData("?region=sjaelland", new[] { "/lokale-partnerskaber/odsherred" })]
    [InlineData("?region=1084", new[] { "/lokale-partnerskaber/roedovre" })]
    [InlineData("?kommune=roedovre", new[] { "/lokale-partnerskaber/roedovre" })]
    [InlineData("?kommune=175&region=", new[] { "/lokale-partnerskaber/roedovre" })]
    [InlineData("?kommune=roedovre&region=sjaelland", new string[0])]
    public async Task The_filter_works_as_plain_get_parameters(string query, string[] expected)
    {
        var html = await GetAsync("/lokale-partnerskaber" + query);

        Assert.Equal(expected, PartnershipLinks(html));
        Assert.Contains($"Viser {expected.Length} partnerskab", html.QuerySelector("main")!.TextContent);
        // The total stays, and the filter shows what was chosen, so the form can be changed and sent again.
        Assert.Contains("2 kommuner har et lokalt partnerskab", html.QuerySelector(".results__count")?.TextContent);
        Assert.Equal("get", html.QuerySelector("form.filters")?.GetAttribute("method"));
        Markup.AssertAccessible(html);
    }

    [Fact]
    public async Task Filtering_on_a_municipality_without_a_partnership_says_so()
    {
        var html = await GetAsync("/lokale-partnerskaber?kommune=hvidovre");

        Assert.Empty(PartnershipLinks(html));
        Assert.Contains("Der er ikke et lokalt partnerskab i Hvidovre endnu", html.QuerySelector("main")!.TextContent);
        Assert.NotNull(html.QuerySelector("a[href='/arrangementer?kommune=hvidovre']"));
    }

    [Fact]
    public async Task A_bad_filter_value_answers_400_with_a_danish_message()
    {
        var html = await GetAsync("/lokale-partnerskaber?kommune=atlantis", HttpStatusCode.BadRequest);

        Assert.Contains("Vi kender ikke kommunen \"atlantis\"", html.QuerySelector(".error-summary")?.TextContent);
        Markup.AssertAccessible(html);
    }

    [Fact]
    public async Task The_index_is_in_the_main_menu_after_om_partnerskabet()
    {
        var html = await GetAsync("/");

        var menu = html.QuerySelectorAll(".main-nav__list a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(menu.IndexOf("Om partnerskabet") + 1, menu.IndexOf("Lokale partnerskaber"));
    }

    [Fact]
    public async Task Starter_partnerships_live_at_their_municipality_slug()
    {
        var partnerships = PartnershipPages.All(App.Services.GetRequiredService<PublishedContentCache>().Current);

        Assert.Equal(["Odsherred", "Rødovre"], partnerships.Select(p => p.Municipality.Name));
        Assert.All(partnerships, p => Assert.Equal($"/lokale-partnerskaber/{p.Municipality.Slug}", p.Page.Url));
    }

    [Fact]
    public async Task A_partnership_page_lists_its_own_municipalitys_coming_events_only()
    {
        var word = UniqueWord();
        for (var i = 1; i <= 6; i++)
        {
            await App.PublishAsync(On($"Fællesspisning {i} i Rødovre {word}", Roedovre, Today.AddDays(i)));
        }

        await App.PublishAsync(On($"Gåtur i Hvidovre {word}", Hvidovre, Today.AddDays(1)));
        await App.PublishAsync(On($"Strikkecafé i Asnæs {word}", Odsherred, Today.AddDays(1)));
        await App.PublishAsync(On($"Sidste års fællesspisning i Rødovre {word}", Roedovre, Today.AddDays(-20)));
        await App.SaveEventAsync(On($"Kladde i Rødovre {word}", Roedovre, Today.AddDays(1)), Campaign.Web.Features.Events.EventStatus.Draft);

        var html = await GetAsync("/lokale-partnerskaber/roedovre");

        var section = html.QuerySelector("section[aria-labelledby=kommende-arrangementer]")!;
        Assert.Equal("Kommende arrangementer i Rødovre", section.QuerySelector("h2")?.TextContent.Trim());
        var titles = section.QuerySelectorAll(".event-card__title a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Fællesspisning {i} i Rødovre {word}"), titles);
        var main = html.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("Gåtur i Hvidovre", main);
        Assert.DoesNotContain("Strikkecafé i Asnæs", main);
        Assert.DoesNotContain("Sidste års fællesspisning", main);
        Assert.DoesNotContain("Kladde i Rødovre", main);
        var all = section.QuerySelector("a[href='/arrangementer?kommune=roedovre']");
        Assert.Equal("Se alle 6 arrangementer i Rødovre", all?.TextContent.Trim());

        var odsherred = await GetAsync("/lokale-partnerskaber/odsherred");
        var odsherredTitles = odsherred.QuerySelectorAll("section[aria-labelledby=kommende-arrangementer] .event-card__title a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal([$"Strikkecafé i Asnæs {word}"], odsherredTitles);
        Markup.AssertAccessible(html);
    }

    [Fact]
    public async Task The_odsherred_page_shows_description_members_contact_strategy_and_news()
    {
        var html = await GetAsync("/lokale-partnerskaber/odsherred");

        Assert.Equal("Lokalt partnerskab mod ensomhed i Odsherred", html.QuerySelector("main h1")?.TextContent.Trim());
        Assert.Contains("Region Sjælland", html.QuerySelector(".eyebrow")?.TextContent);
        Assert.Contains("En strategi for hele Odsherred", html.QuerySelector("main")!.TextContent);

        var members = html.QuerySelector("section[aria-labelledby=medlemmer]")!;
        Assert.Equal("Med i partnerskabet", members.QuerySelector("h2")?.TextContent.Trim());
        var names = members.QuerySelectorAll(".member__name").Select(m => m.TextContent.Trim()).ToList();
        Assert.Contains("Fritidsborger Asnæs", names);
        Assert.Contains("Odsherred Kommune, Sundhedsafdelingen", names);
        Assert.Contains("Mænds mødesteder, Odsherred", names);
        // The members block is shown once, in the members section, not again among the description blocks.
        Assert.Single(html.QuerySelectorAll(".member-list"));

        var contact = html.QuerySelector("section[aria-labelledby=kontakt]")!;
        Assert.Contains("Sundhedsafdelingen", contact.TextContent);
        Assert.Null(contact.QuerySelector("a[href^='mailto:']"));
        Assert.Contains("Strategi mod ensomhed 2024-2028", html.QuerySelector("section[aria-labelledby=strategi]")?.TextContent);

        var news = html.QuerySelector("section[aria-labelledby=nyheder-fra]")!;
        Assert.Equal("Nyheder fra Odsherred", news.QuerySelector("h2")?.TextContent.Trim());
        Assert.NotNull(news.QuerySelector("a[href='/nyheder/odsherred-saetter-ind-mod-ensomhed']"));
        Assert.NotNull(html.QuerySelector("a[href='/forening/partnerskab']"));
        Markup.AssertAccessible(html);
    }

    [Fact]
    public async Task News_is_shown_only_on_the_partnership_of_its_municipality()
    {
        var roedovre = await GetAsync("/lokale-partnerskaber/roedovre");
        Assert.Null(roedovre.QuerySelector("section[aria-labelledby=nyheder-fra]"));
        Assert.Null(roedovre.QuerySelector("a[href='/nyheder/odsherred-saetter-ind-mod-ensomhed']"));
        Assert.Contains("Rødovre Kommune", roedovre.QuerySelector("section[aria-labelledby=medlemmer]")?.TextContent);

        var article = await GetAsync("/nyheder/odsherred-saetter-ind-mod-ensomhed");
        Assert.NotNull(article.QuerySelector("a[href='/lokale-partnerskaber/odsherred']"));
    }

    [Fact]
    public async Task An_unknown_municipality_slug_is_404()
    {
        await GetAsync("/lokale-partnerskaber/atlantis", HttpStatusCode.NotFound);
        await GetAsync("/lokale-partnerskaber/hvidovre", HttpStatusCode.NotFound);
    }
}
