using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Places;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Search;

/// <summary>/soeg on the real app: Danish-aware matching, ranking, snippets, facets, typos, hostile input, and an index that follows changes.</summary>
public sealed class SiteSearchTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private async Task<Event> PublishEventAsync(string title, int municipality, string description = "Kaffe, kage og god snak.")
    {
        var district = Geography.Denmark.DistrictsIn(municipality)[0];
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var details = new EventDetails
        {
            Title = title,
            Description = description,
            StartUtc = CopenhagenTime.ToUtc(day, new TimeOnly(10, 0))!.Value,
            EndUtc = CopenhagenTime.ToUtc(day, new TimeOnly(12, 0))!.Value,
            VenueName = "Biblioteket",
            StreetAddress = "Hovedgaden 1",
            PostalCode = district.Code,
            City = district.Name,
            OrganiserName = "Frivilligcenteret",
        }.WithMunicipality(municipality);
        return await App.With(async services =>
        {
            var changes = services.GetRequiredService<EventStore>();
            var now = DateTime.UtcNow;
            var evt = Event.Create(Guid.NewGuid(), await changes.UniqueSlugAsync(title, default), details, now);
            evt.Publish(now);
            services.GetRequiredService<CampaignDb>().Events.Add(evt);
            await changes.SaveAsync(evt, default);
            return evt;
        });
    }

    private async Task<string> SearchAsync(string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await App.Client().GetAsync("/soeg?q=" + Uri.EscapeDataString(query));
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Faellesskaber_finds_pages_about_faellesskab()
    {
        var html = await Html.ParseAsync(await App.Client().GetAsync("/soeg?q=f%C3%A6llesskaber"));

        var hits = html.QuerySelectorAll(".hit").ToList();
        Assert.NotEmpty(hits);
        Assert.Contains(hits, h => h.QuerySelector(".hit__type")?.TextContent == "Side");
        Assert.Contains(html.QuerySelectorAll(".hit__snippet mark"), m => m.TextContent.StartsWith("fællesskab", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(html.QuerySelectorAll(".facets a"), a => a.TextContent.StartsWith("Sider ("));
    }

    [Fact]
    public async Task Folding_lets_rodovre_find_Roedovre_and_aeldre_find_aeldre()
    {
        var title = "Strikkecafé i Rødovre " + Guid.NewGuid().ToString("N")[..6];
        await PublishEventAsync(title, 175, "Hyggelig eftermiddag for ældre og andre, der kan lide at strikke.");

        Assert.Contains(title, await SearchAsync("rodovre strikkecafe"));
        Assert.Contains(title, await SearchAsync("RØDOVRE"));
        Assert.Contains(title, await SearchAsync("aeldre strikke rodovre"));
    }

    [Fact]
    public async Task A_typo_still_finds_the_word_and_says_so()
    {
        var word = "Zebrafællesspisning" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(4).ToArray());
        await PublishEventAsync(word + " i Asnæs", 306);

        var html = await SearchAsync(word[..6] + word[7..]);

        Assert.Contains(word + " i Asnæs", html);
        Assert.Contains("viser resultater for et ord, der ligner", html);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"fællesskab")]
    [InlineData("fællesskab\" OR \"x")]
    [InlineData("NEAR(ensom hed)")]
    [InlineData("ensom*")]
    [InlineData("-ensomhed")]
    [InlineData("ensomhed AND NOT")]
    [InlineData("(((")]
    [InlineData("title:ensomhed")]
    [InlineData("^ensomhed")]
    [InlineData("'; DROP TABLE \"SearchDocuments\"; --")]
    [InlineData("🙂🙂🙂")]
    public async Task Hostile_queries_answer_normally(string query)
    {
        var html = await SearchAsync(query);

        Assert.Contains("<h1>Søg</h1>", html);
    }

    [Fact]
    public async Task Script_in_the_query_is_never_echoed_unescaped()
    {
        var html = await SearchAsync("<script>alert(1)</script>");

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task A_query_of_3000_characters_is_refused_with_a_danish_message()
    {
        var html = await SearchAsync(new string('x', 3000), HttpStatusCode.BadRequest);

        Assert.Contains("Søgningen er for lang", html);
    }

    [Fact]
    public async Task Facets_count_and_filter_by_type()
    {
        var html = await Html.ParseAsync(await App.Client().GetAsync("/soeg?q=ensomhed&type=nyhed"));

        var hits = html.QuerySelectorAll(".hit__type").Select(t => t.TextContent).ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, t => Assert.Equal("Nyhed", t));
        var bad = await App.Client().GetAsync("/soeg?q=ensomhed&type=hemmelig");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_index_follows_publish_unpublish_and_delete()
    {
        var word = "Kvasirord" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(5).ToArray());
        Assert.Contains("Ingen resultater", await SearchAsync(word));

        var (pageId, _) = await App.CreateAsync(word + " side", Pages.Text("En side om " + word));
        Assert.Contains(word + " side", await SearchAsync(word));

        await App.With(services => services.GetRequiredService<ContentCommands>().UnpublishAsync(pageId, "test"));
        Assert.DoesNotContain(word + " side", await SearchAsync(word));

        var evt = await PublishEventAsync(word + " arrangement", 101);
        Assert.Contains(word + " arrangement", await SearchAsync(word));

        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var tracked = await db.Events.SingleAsync(e => e.Id == evt.Id);
            await services.GetRequiredService<EventStore>().DeleteAsync(tracked, default);
            return 0;
        });
        Assert.Contains("Ingen resultater", await SearchAsync(word));
    }

    [Fact]
    public async Task The_listing_text_filter_uses_the_same_danish_search()
    {
        var title = "Gåtur ved Damhussøen " + Guid.NewGuid().ToString("N")[..6];
        await PublishEventAsync(title, 175);

        var html = await App.Client().GetStringAsync("/arrangementer?q=gaatur+damhussoen");

        Assert.Contains(title, html);
    }
}
