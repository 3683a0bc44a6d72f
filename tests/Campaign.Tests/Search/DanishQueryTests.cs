using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Search;

/// <summary>
/// The Danish query set: what people type, and what /soeg must find. Every test publishes its own events with a made-up
/// word in them and searches for that word together with the Danish words under test, so each sees only its own events.
/// </summary>
public sealed class DanishQueryTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private const int Odsherred = 306;

    private async Task<IDocument> SearchAsync(string query, string extra = "")
    {
        var response = await App.Client().GetAsync("/soeg?q=" + Uri.EscapeDataString(query) + extra);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private static List<string> Titles(IDocument page) => page.QuerySelectorAll(".hit__title").Select(t => t.TextContent.Trim()).ToList();

    private Task<Event> PublishAsync(string title, string description = "Kaffe, kage og god snak.", int municipality = Roedovre, int inDays = 10, TargetGroups groups = TargetGroups.Everyone) =>
        App.PublishAsync(On(title, municipality, Today.AddDays(inDays)) with { Description = description, TargetGroups = groups });

    [Theory]
    [InlineData("fællesspisninger")]
    [InlineData("Fællesspisning")]
    [InlineData("FÆLLESSPISNING")]
    [InlineData("faellesspisning")]
    [InlineData("fallesspisning")]
    public async Task Inflections_and_ascii_spellings_find_faellesspisning(string typed)
    {
        var word = UniqueWord();
        await PublishAsync($"Fællesspisning i Asnæs {word}", municipality: Odsherred);

        Assert.Equal([$"Fællesspisning i Asnæs {word}"], Titles(await SearchAsync($"{typed} {word}")));
    }

    [Theory]
    [InlineData("gåtur")]
    [InlineData("gaatur")]
    [InlineData("gåture")]
    [InlineData("GAATURE")]
    public async Task Aa_and_a_ring_are_the_same_letter(string typed)
    {
        var word = UniqueWord();
        await PublishAsync($"Gåtur ved Damhussøen {word}");

        Assert.Equal([$"Gåtur ved Damhussøen {word}"], Titles(await SearchAsync($"{typed} {word}")));
    }

    [Fact]
    public async Task The_last_part_of_a_compound_finds_the_compound_and_is_marked_in_the_snippet()
    {
        var word = UniqueWord();
        await PublishAsync($"Torsdagsmad {word}", "Vi holder fællesspisning hver torsdag i medborgerhuset.");
        await PublishAsync($"Søndagsgåtur {word}", "En tur for alle.");

        var page = await SearchAsync($"spisning {word}");

        Assert.Equal([$"Torsdagsmad {word}"], Titles(page));
        Assert.Equal(["fællesspisning"], page.QuerySelectorAll(".hit__snippet mark").Select(m => m.TextContent));
        Assert.Equal([$"Søndagsgåtur {word}"], Titles(await SearchAsync($"gåtur {word}")));
    }

    [Fact]
    public async Task Every_word_must_match()
    {
        var word = UniqueWord();
        await PublishAsync($"Strikkecafé {word}", "Vi strikker og drikker kaffe.");
        await PublishAsync($"Brætspil {word}", "Vi spiller og drikker kaffe.");

        Assert.Equal(2, Titles(await SearchAsync($"kaffe {word}")).Count);
        Assert.Equal([$"Strikkecafé {word}"], Titles(await SearchAsync($"kaffe strikker {word}")));
    }

    [Fact]
    public async Task The_last_word_counts_as_the_start_of_a_word_while_typing()
    {
        var word = UniqueWord();
        await PublishAsync($"Fællessang i kirken {word}");

        var typing = await SearchAsync($"{word} fællessa");
        Assert.Equal([$"Fællessang i kirken {word}"], Titles(typing));
        Assert.Null(typing.QuerySelector(".did-you-mean"));

        // Ended by a space, the word is complete: no word is "fællessa", so only the typo tolerance finds the event.
        Assert.NotNull((await SearchAsync($"{word} fællessa ")).QuerySelector(".did-you-mean"));
    }

    [Fact]
    public async Task A_quoted_phrase_must_appear_in_that_order()
    {
        var word = UniqueWord();
        await PublishAsync($"Kaffe og kage {word}", "Hyggeligt samvær.");
        await PublishAsync($"Kage og kaffe {word}", "Hyggeligt samvær.");

        Assert.Equal(2, Titles(await SearchAsync($"kaffe kage {word}")).Count);
        Assert.Equal([$"Kaffe og kage {word}"], Titles(await SearchAsync($"\"kaffe og kage\" {word}")));
    }

    [Fact]
    public async Task A_typo_finds_the_word_and_asks_mente_du()
    {
        var word = UniqueWord();
        await PublishAsync($"Fællesspisning i Rødovre {word}");

        var page = await SearchAsync($"fælesspisning {word}");

        Assert.Equal([$"Fællesspisning i Rødovre {word}"], Titles(page));
        var notice = page.QuerySelector(".did-you-mean")!;
        Assert.Contains($"Mente du »fællesspisning {word}«?", notice.TextContent);
        Assert.Equal($"/soeg?q=f%C3%A6llesspisning%20{word}", notice.QuerySelector("a")!.GetAttribute("href"));

        // Spelled right, nothing is corrected.
        Assert.Null((await SearchAsync($"fællesspisning {word}")).QuerySelector(".did-you-mean"));
    }

    [Fact]
    public async Task A_synonym_added_in_the_back_office_works_at_once()
    {
        var word = UniqueWord();
        var madklub = $"Madklub{word}";
        var spisefaellesskab = $"Spisefællesskab{word}";
        await PublishAsync($"{madklub} i Rødovre");
        await PublishAsync($"Et {spisefaellesskab} for nye i byen");
        Assert.Equal([$"{madklub} i Rødovre"], Titles(await SearchAsync(madklub)));
        Assert.Equal([$"Et {spisefaellesskab} for nye i byen"], Titles(await SearchAsync(spisefaellesskab)));

        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);
        var added = await Forms.PostAsync(editor, "/redaktion/synonymer", [new("Words", $"{madklub}, {spisefaellesskab}")], action: "/redaktion/synonymer?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await Html.ParseAsync(await editor.GetAsync("/redaktion/synonymer"));
        Assert.Contains($"{madklub}, {spisefaellesskab}", list.QuerySelector("table")!.TextContent);

        var page = await SearchAsync(madklub);
        Assert.Equal([$"Et {spisefaellesskab} for nye i byen", $"{madklub} i Rødovre"], Titles(page).Order(StringComparer.Ordinal));
        Assert.Equal([$"Et {spisefaellesskab} for nye i byen"], Titles(await SearchAsync($"{spisefaellesskab} nye")));
    }

    [Theory]
    [InlineData("madklub")]
    [InlineData("madklub, madklub")]
    [InlineData("og, i")]
    public async Task A_synonym_group_needs_two_different_words(string words)
    {
        var (editor, _) = await App.StaffSignedInAsync(Roles.Editor);

        var response = await Forms.PostAsync(editor, "/redaktion/synonymer", [new("Words", words)], action: "/redaktion/synonymer?handler=Add");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Html.ParseAsync(response)).QuerySelector(".error-summary"));
    }

    [Fact]
    public async Task A_moderator_sees_the_synonyms_but_cannot_change_them()
    {
        var (moderator, _) = await App.StaffSignedInAsync(Roles.Moderator);

        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/redaktion/synonymer")).StatusCode);
        Assert.Null((await Html.ParseAsync(await moderator.GetAsync("/redaktion/synonymer"))).QuerySelector("main form[method=post]"));

        // The page offers no form, so the token comes from another back-office form, as a crafted request would.
        var response = await Forms.PostAsync(moderator, "/redaktion/adgangskode", [new("Words", "gåtur, vandring")], action: "/redaktion/synonymer?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/fejl/403", response.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await App.Client().GetAsync("/redaktion/synonymer")).StatusCode);
    }

    [Fact]
    public async Task Facets_count_every_hit_not_just_the_first_page()
    {
        var word = UniqueWord();
        for (var i = 0; i < 12; i++)
        {
            await PublishAsync($"Café {word} nr {i}", groups: TargetGroups.Elderly);
        }

        for (var i = 0; i < 8; i++)
        {
            await PublishAsync($"Café {word} nr {12 + i}", municipality: Odsherred, groups: TargetGroups.Youth);
        }

        var page = await SearchAsync(word);

        Assert.Equal(15, Titles(page).Count);
        Assert.Equal("20 resultater for »" + word + "«", page.QuerySelector("#soegeresultater")!.TextContent);
        Assert.Equal(["Rødovre (12)", "Odsherred (8)"], FacetLinks(page, "kommune"));
        Assert.Equal(["Region Hovedstaden (12)", "Region Sjælland (8)"], FacetLinks(page, "region"));
        Assert.Equal(["Ældre (12)", "Unge (8)"], FacetLinks(page, "maalgruppe"));
        Assert.Contains("Arrangementer (20)", page.QuerySelectorAll(".facets a").Select(a => a.TextContent));

        // Choosing a municipality narrows the hits, and the other municipality still shows what it would give.
        var narrowed = await SearchAsync(word, "&kommune=odsherred");
        Assert.Equal(8, Titles(narrowed).Count);
        Assert.Equal(["Alle", "Rødovre (12)", "Odsherred (8)"], FacetLinks(narrowed, "kommune"));
        Assert.Equal(["Unge (8)"], FacetLinks(narrowed, "maalgruppe"));
    }

    [Fact]
    public async Task Sorting_by_date_puts_the_latest_first()
    {
        var word = UniqueWord();
        await PublishAsync($"Tidlig {word}", inDays: 3);
        await PublishAsync($"Sen {word}", inDays: 30);
        await PublishAsync($"Midt {word}", inDays: 10);

        Assert.Equal([$"Sen {word}", $"Midt {word}", $"Tidlig {word}"], Titles(await SearchAsync(word, "&sortering=dato")));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client().GetAsync($"/soeg?q={word}&sortering=pris")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client().GetAsync($"/soeg?q={word}&kommune=atlantis")).StatusCode);
    }

    [Fact]
    public async Task Suggestions_offer_titles_and_places_by_prefix()
    {
        var word = UniqueWord();
        await PublishAsync($"Fællessang {word} i kirken");

        var titles = await SuggestAsync($"fællessang {word[..6]}");
        var places = await SuggestAsync("rødov");

        Assert.Contains(titles, s => s.Label == $"Fællessang {word} i kirken" && s.Url.StartsWith("/arrangementer/", StringComparison.Ordinal));
        Assert.Contains(places, s => s.Label == "Rødovre" && s.Url == "/arrangementer?kommune=roedovre");
        Assert.Contains(await SuggestAsync("rodov"), s => s.Label == "Rødovre");
        Assert.Empty(await SuggestAsync(""));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client().GetAsync("/api/search/suggest?q=" + new string('x', 300))).StatusCode);
    }

    private async Task<List<(string Label, string Url)>> SuggestAsync(string q)
    {
        using var json = JsonDocument.Parse(await App.Client().GetStringAsync("/api/search/suggest?q=" + Uri.EscapeDataString(q)));
        return json.RootElement.EnumerateArray().Select(e => (e.GetProperty("label").GetString()!, e.GetProperty("url").GetString()!)).ToList();
    }

    private static List<string> FacetLinks(IDocument page, string facet) =>
        page.QuerySelectorAll($".facets--{facet} a").Select(a => a.TextContent.Trim()).ToList();
}
