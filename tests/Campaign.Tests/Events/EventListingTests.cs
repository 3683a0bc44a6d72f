using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using Microsoft.AspNetCore.Mvc;
using static Campaign.Tests.Infrastructure.EventBuilder;

namespace Campaign.Tests.Events;

/// <summary>
/// The filters of /arrangementer and /api/events, alone and together. The fixture's database is shared by
/// the tests in this class, so each test asserts on its own events: containment, or exact counts only
/// together with q= and a word no other event has.
/// </summary>
public sealed class EventListingTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private const string MarchSeries = "march-mod-ensomhed";
    private const string MealSeries = "danmark-spiser-sammen";

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd");

    [Theory]
    [InlineData("175")]
    [InlineData("roedovre")]
    [InlineData("Roedovre")]
    public async Task Kommune_by_code_or_slug_lists_only_that_municipalitys_events(string kommune)
    {
        var word = UniqueWord();
        var inRoedovre = await App.PublishAsync(On($"Strikkecafé i Rødovre {word}", Roedovre, Today.AddDays(3)));
        var inHvidovre = await App.PublishAsync(On($"Strikkecafé i Hvidovre {word}", Hvidovre, Today.AddDays(3)));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, $"?kommune={kommune}");
        var (html, cards) = await EventListing.AllCardsAsync(client, $"/arrangementer?kommune={kommune}");

        Assert.All(items, i => Assert.Equal(new EventsApi.MunicipalityRef(175, "Rødovre"), i.Municipality));
        Assert.Contains(items, i => i.Id == inRoedovre.Id);
        Assert.DoesNotContain(items, i => i.Id == inHvidovre.Id);

        Assert.Equal("Arrangementer i Rødovre", html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("roedovre", html.QuerySelector("#filter-kommune option[selected]")?.GetAttribute("value"));
        Assert.All(cards, c => Assert.Contains("Rødovre Kommune", c.Text));
        Assert.Contains(cards, c => c.Slug == inRoedovre.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == inHvidovre.Slug);
    }

    [Theory]
    [InlineData("hovedstaden")]
    [InlineData("1084")]
    public async Task Region_by_slug_or_code_lists_only_that_regions_events(string region)
    {
        var word = UniqueWord();
        var inCapital = await App.PublishAsync(On($"Gåtur i Rødovre {word}", Roedovre, Today.AddDays(4)));
        var inJutland = await App.PublishAsync(On($"Gåtur i Aarhus {word}", Aarhus, Today.AddDays(4)));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, $"?region={region}");
        var (_, cards) = await EventListing.AllCardsAsync(client, $"/arrangementer?region={region}");

        Assert.All(items, i => Assert.Equal(new EventsApi.MunicipalityRef(1084, "Region Hovedstaden"), i.Region));
        Assert.Contains(items, i => i.Id == inCapital.Id);
        Assert.DoesNotContain(items, i => i.Id == inJutland.Id);
        Assert.Contains(cards, c => c.Slug == inCapital.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == inJutland.Slug);
    }

    [Fact]
    public async Task Serie_lists_only_the_events_of_that_series()
    {
        var word = UniqueWord();
        var march = await App.PublishAsync(On($"March i Asnæs {word}", Odsherred, Today.AddDays(5)) with { SeriesKey = DemoEvents.MarchSeries });
        var meal = await App.PublishAsync(On($"Fællesspisning i Asnæs {word}", Odsherred, Today.AddDays(5)) with { SeriesKey = DemoEvents.MealSeries });
        var neither = await App.PublishAsync(On($"Brætspil i Asnæs {word}", Odsherred, Today.AddDays(5)));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, $"?serie={MarchSeries}");
        var (html, cards) = await EventListing.AllCardsAsync(client, $"/arrangementer?serie={MarchSeries}");

        Assert.All(items, i => Assert.Equal(new EventsApi.SeriesRef(MarchSeries, "March mod Ensomhed"), i.Series));
        Assert.Contains(items, i => i.Id == march.Id);
        Assert.DoesNotContain(items, i => i.Id == meal.Id || i.Id == neither.Id);

        Assert.Equal("Arrangementer: March mod Ensomhed", html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(cards, c => c.Slug == march.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == meal.Slug || c.Slug == neither.Slug);
        Assert.All(cards, c => Assert.Contains("March mod Ensomhed", c.Text));

        var mealItems = await EventListing.AllApiItemsAsync(client, $"?serie={MealSeries}");
        Assert.Contains(mealItems, i => i.Id == meal.Id);
        Assert.DoesNotContain(mealItems, i => i.Id == march.Id);
    }

    [Theory]
    [InlineData("yyyy-MM-dd")]
    [InlineData("d.M.yyyy")]
    public async Task Fra_and_til_keep_the_dates_from_the_first_to_the_last_day_inclusive(string format)
    {
        var word = UniqueWord();
        var first = Today.AddDays(40);
        var before = await App.PublishAsync(On($"Dagen før {word}", Aalborg, first.AddDays(-1), 20, 23));
        var morning = await App.PublishAsync(On($"Første dag tidligt {word}", Aalborg, first, 0, 1));
        var evening = await App.PublishAsync(On($"Sidste dag sent {word}", Aalborg, first.AddDays(1), 22, 23));
        var after = await App.PublishAsync(On($"Dagen efter {word}", Aalborg, first.AddDays(2), 0, 1));
        var query = $"?fra={first.ToString(format)}&til={first.AddDays(1).ToString(format)}";
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, query);
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer" + query);

        Assert.All(items, i => Assert.InRange(DateOnly.FromDateTime(i.Start.DateTime), first, first.AddDays(1)));
        Assert.Contains(items, i => i.Id == morning.Id);
        Assert.Contains(items, i => i.Id == evening.Id);
        Assert.DoesNotContain(items, i => i.Id == before.Id || i.Id == after.Id);
        Assert.Equal([morning.Slug, evening.Slug], cards.Select(c => c.Slug).Where(s => s.EndsWith(word, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Periode_i_dag_lists_what_is_on_now_and_later_today_but_not_tomorrow()
    {
        var word = UniqueWord();
        var ongoing = await App.PublishAsync(Details($"I gang nu {word}", Aalborg, Now.AddHours(-1), Now.AddHours(1)));
        var tomorrow = await App.PublishAsync(On($"I morgen {word}", Aalborg, Today.AddDays(1), 0, 1));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?periode=i-dag");
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?periode=i-dag");

        Assert.Contains(items, i => i.Id == ongoing.Id);
        Assert.DoesNotContain(items, i => i.Id == tomorrow.Id);
        Assert.All(items, i => Assert.True(DateOnly.FromDateTime(i.Start.DateTime) <= Today, $"{i.Title} starts {i.Start}"));
        Assert.Contains(cards, c => c.Slug == ongoing.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == tomorrow.Slug);
    }

    [Fact]
    public async Task Periode_weekend_lists_this_weekend_but_not_the_monday_after()
    {
        var word = UniqueWord();
        // This weekend: today if it is Saturday or Sunday, otherwise the coming one.
        var saturday = Today.DayOfWeek == DayOfWeek.Sunday ? Today.AddDays(-1) : Today.AddDays(((int)DayOfWeek.Saturday - (int)Today.DayOfWeek + 7) % 7);
        var monday = saturday.AddDays(2);
        // All weekend long, so it is still on whenever the test runs during the weekend.
        var weekend = await App.PublishAsync(Details($"Weekendlejr {word}", Aalborg, Local(saturday, 0), Local(monday, 0)) with { AllDay = true });
        var mondayAfter = await App.PublishAsync(On($"Mandag efter {word}", Aalborg, monday, 0, 1));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?periode=weekend");
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?periode=weekend");

        Assert.Contains(items, i => i.Id == weekend.Id);
        Assert.DoesNotContain(items, i => i.Id == mondayAfter.Id);
        Assert.All(items, i => Assert.True(i.Start < new DateTimeOffset(Local(monday, 0)), $"{i.Title} starts {i.Start}"));
        Assert.Contains(cards, c => c.Slug == weekend.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == mondayAfter.Slug);
    }

    [Fact]
    public async Task Periode_uge_lists_until_sunday_night()
    {
        var word = UniqueWord();
        var nextMonday = Today.AddDays(((int)DayOfWeek.Monday - (int)Today.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)DayOfWeek.Monday - (int)Today.DayOfWeek + 7) % 7);
        var ongoing = await App.PublishAsync(Details($"I gang nu {word}", Aalborg, Now.AddHours(-1), Now.AddHours(1)));
        var mondayAfter = await App.PublishAsync(On($"Næste mandag {word}", Aalborg, nextMonday, 0, 1));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?periode=uge");
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?periode=uge");

        Assert.Contains(items, i => i.Id == ongoing.Id);
        Assert.DoesNotContain(items, i => i.Id == mondayAfter.Id);
        Assert.All(items, i => Assert.True(i.Start < new DateTimeOffset(Local(nextMonday, 0)), $"{i.Title} starts {i.Start}"));
        Assert.Contains(cards, c => c.Slug == ongoing.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == mondayAfter.Slug);
    }

    [Fact]
    public async Task Periode_30_dage_lists_the_next_thirty_days()
    {
        var word = UniqueWord();
        var soon = await App.PublishAsync(On($"Om tyve dage {word}", Aalborg, Today.AddDays(20)));
        var lastDay = await App.PublishAsync(On($"Om tredive dage {word}", Aalborg, Today.AddDays(30), 22, 23));
        var later = await App.PublishAsync(On($"Om 31 dage {word}", Aalborg, Today.AddDays(31), 0, 1));
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?periode=30-dage");
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?periode=30-dage");

        Assert.Contains(items, i => i.Id == soon.Id);
        Assert.Contains(items, i => i.Id == lastDay.Id);
        Assert.DoesNotContain(items, i => i.Id == later.Id);
        Assert.Contains(cards, c => c.Slug == soon.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == later.Slug);
    }

    [Fact]
    public async Task Maalgruppe_matches_events_for_that_group_and_events_for_everyone()
    {
        var word = UniqueWord();
        var elderly = await App.PublishAsync(On($"Seniorfrokost {word}", Hvidovre, Today.AddDays(6)) with { TargetGroups = TargetGroups.Elderly });
        var everyone = await App.PublishAsync(On($"Fællessang {word}", Hvidovre, Today.AddDays(6)) with { TargetGroups = TargetGroups.Everyone });
        var youth = await App.PublishAsync(On($"Ungecafé {word}", Hvidovre, Today.AddDays(6)) with { TargetGroups = TargetGroups.Youth });
        var client = App.Client();

        var items = await EventListing.AllApiItemsAsync(client, "?maalgruppe=aeldre");
        var (_, cards) = await EventListing.AllCardsAsync(client, "/arrangementer?maalgruppe=aeldre");

        Assert.All(items, i => Assert.True(i.TargetGroups.Contains("aeldre") || i.TargetGroups.Contains("alle"), $"{i.Title}: {string.Join(",", i.TargetGroups)}"));
        Assert.Contains(items, i => i.Id == elderly.Id);
        Assert.Contains(items, i => i.Id == everyone.Id);
        Assert.DoesNotContain(items, i => i.Id == youth.Id);
        Assert.Contains(cards, c => c.Slug == elderly.Slug);
        Assert.Contains(cards, c => c.Slug == everyone.Slug);
        Assert.DoesNotContain(cards, c => c.Slug == youth.Slug);
    }

    [Fact]
    public async Task Q_finds_events_by_the_words_of_their_title_and_description()
    {
        var word = UniqueWord();
        var byTitle = await App.PublishAsync(On($"Brætspilsaften {word}", Roedovre, Today.AddDays(7)));
        var byDescription = await App.PublishAsync(On("Fredagscafé " + UniqueWord(), Roedovre, Today.AddDays(8)) with { Description = $"Vi spiller {word} hele aftenen." });
        var other = await App.PublishAsync(On("Fredagscafé " + UniqueWord(), Roedovre, Today.AddDays(8)));
        var client = App.Client();

        var page = await EventListing.ApiAsync(client, $"/api/events?q={word}");
        var html = await Html.ParseAsync(await client.GetAsync($"/arrangementer?q={word}"));

        Assert.Equal(2, page.Total);
        Assert.Equal([byTitle.Id, byDescription.Id], page.Items.Select(i => i.Id));
        Assert.Equal([byTitle.Slug, byDescription.Slug], EventListing.Cards(html).Select(c => c.Slug));
        Assert.Equal("2 arrangementer", html.QuerySelector("#resultater")?.TextContent.Trim());
        Assert.Equal(word, html.QuerySelector("#filter-q")?.GetAttribute("value"));
        Assert.DoesNotContain(other.Id, page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Past_events_are_hidden_unless_tidligere_is_ja_and_then_come_latest_first()
    {
        var word = UniqueWord();
        var longAgo = await App.PublishAsync(On($"For længe siden {word}", Odsherred, Today.AddDays(-20)));
        var lastWeek = await App.PublishAsync(On($"I sidste uge {word}", Odsherred, Today.AddDays(-7)));
        var upcoming = await App.PublishAsync(On($"Snart {word}", Odsherred, Today.AddDays(7)));
        var client = App.Client();

        var current = await EventListing.ApiAsync(client, $"/api/events?q={word}");
        var past = await EventListing.ApiAsync(client, $"/api/events?q={word}&tidligere=ja");
        var (html, cards) = await EventListing.AllCardsAsync(client, $"/arrangementer?q={word}&tidligere=ja");
        var (_, currentCards) = await EventListing.AllCardsAsync(client, "/arrangementer");

        Assert.Equal([upcoming.Id], current.Items.Select(i => i.Id));
        Assert.Equal([lastWeek.Id, longAgo.Id], past.Items.Select(i => i.Id));
        Assert.Equal("Tidligere arrangementer", html.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal([lastWeek.Slug, longAgo.Slug], cards.Select(c => c.Slug));
        Assert.DoesNotContain(currentCards, c => c.Slug == lastWeek.Slug || c.Slug == longAgo.Slug);
        Assert.Contains(currentCards, c => c.Slug == upcoming.Slug);
    }

    [Fact]
    public async Task All_filters_together_keep_only_the_event_that_passes_every_one()
    {
        var word = UniqueWord();
        var day = Today.AddDays(12);
        var match = On($"March for børn {word}", Roedovre, day) with { SeriesKey = DemoEvents.MarchSeries, TargetGroups = TargetGroups.Children | TargetGroups.Adults };
        var hit = await App.PublishAsync(match);
        var misses = new[]
        {
            await App.PublishAsync((match with { Title = $"Anden kommune {word}" }).WithMunicipality(Hvidovre)),
            await App.PublishAsync(match with { Title = $"Anden serie {word}", SeriesKey = DemoEvents.MealSeries }),
            await App.PublishAsync(match with { Title = $"Ingen serie {word}", SeriesKey = null }),
            await App.PublishAsync(match with { Title = $"Kun for ældre {word}", TargetGroups = TargetGroups.Elderly }),
            await App.PublishAsync(match with { Title = $"Dagen efter {word}", StartUtc = Local(day.AddDays(1), 10), EndUtc = Local(day.AddDays(1), 12) }),
        };
        await App.PublishAsync(match with { Title = "Uden ordet " + UniqueWord() });
        var query = $"?kommune=roedovre&region=hovedstaden&serie={MarchSeries}&maalgruppe=boern&fra={Iso(day)}&til={Iso(day)}&periode=30-dage&q={word}";
        var client = App.Client();

        var page = await EventListing.ApiAsync(client, "/api/events" + query);
        var html = await Html.ParseAsync(await client.GetAsync("/arrangementer" + query));

        var item = Assert.Single(page.Items);
        Assert.Equal(1, page.Total);
        Assert.Equal(hit.Id, item.Id);
        Assert.Equal([hit.Slug], EventListing.Cards(html).Select(c => c.Slug));
        Assert.Equal("1 arrangement i Rødovre", html.QuerySelector("#resultater")?.TextContent.Trim());
        Assert.All(misses, m => Assert.DoesNotContain(m.Id, page.Items.Select(i => i.Id)));

        // Each filter dropped in turn lets its own near miss back in.
        var withoutKommune = await EventListing.ApiAsync(client, "/api/events" + query.Replace("kommune=roedovre&", ""));
        var withoutSerie = await EventListing.ApiAsync(client, "/api/events" + query.Replace($"serie={MarchSeries}&", ""));
        var withoutGroup = await EventListing.ApiAsync(client, "/api/events" + query.Replace("maalgruppe=boern&", ""));
        var withoutTil = await EventListing.ApiAsync(client, "/api/events" + query.Replace($"til={Iso(day)}&", ""));
        Assert.Equal(new[] { hit.Id, misses[0].Id }.Order(), withoutKommune.Items.Select(i => i.Id).Order());
        Assert.Equal(new[] { hit.Id, misses[1].Id, misses[2].Id }.Order(), withoutSerie.Items.Select(i => i.Id).Order());
        Assert.Equal(new[] { hit.Id, misses[3].Id }.Order(), withoutGroup.Items.Select(i => i.Id).Order());
        Assert.Equal([hit.Id, misses[4].Id], withoutTil.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Api_pages_by_size_and_side_and_keeps_the_total()
    {
        var word = UniqueWord();
        var created = new List<Event>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await App.PublishAsync(On($"Café nummer {i + 1} {word}", Aarhus, Today.AddDays(60 + i))));
        }

        var client = App.Client();
        var pages = new List<EventsApi.ApiPage>();
        for (var side = 1; side <= 4; side++)
        {
            pages.Add(await EventListing.ApiAsync(client, $"/api/events?q={word}&size=2&side={side}"));
        }

        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.All(pages, p => Assert.Equal(2, p.Size));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p.Page));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(created.Select(e => e.Id), pages.SelectMany(p => p.Items).Select(i => i.Id));
    }

    [Fact]
    public async Task The_page_lists_twenty_at_a_time_with_links_to_the_next_and_previous_page()
    {
        var word = UniqueWord();
        var created = new List<Event>();
        for (var i = 0; i < 21; i++)
        {
            created.Add(await App.PublishAsync(On($"Spilaften {i + 1} {word}", Aalborg, Today.AddDays(90 + i))));
        }

        var client = App.Client();
        var first = await Html.ParseAsync(await client.GetAsync($"/arrangementer?q={word}"));
        var next = first.QuerySelector(".pager a[rel=next]")?.GetAttribute("href");
        var second = await Html.ParseAsync(await client.GetAsync(next));

        Assert.Equal("21 arrangementer", first.QuerySelector("#resultater")?.TextContent.Trim());
        Assert.Equal(created.Take(20).Select(e => e.Slug), EventListing.Cards(first).Select(c => c.Slug));
        Assert.Contains("Side 1 af 2", first.QuerySelector(".pager")?.TextContent);
        Assert.Null(first.QuerySelector(".pager a[rel=prev]"));
        Assert.Equal($"/arrangementer?q={word}&side=2", next);
        Assert.Equal([created[20].Slug], EventListing.Cards(second).Select(c => c.Slug));
        Assert.Contains("Side 2 af 2", second.QuerySelector(".pager")?.TextContent);
        Assert.Null(second.QuerySelector(".pager a[rel=next]"));
        Assert.Equal($"/arrangementer?q={word}&side=1", second.QuerySelector(".pager a[rel=prev]")?.GetAttribute("href"));
    }

    public static TheoryData<string, string, string> BadFilters() => new()
    {
        { "kommune=atlantis", "kommune", "Vi kender ikke kommunen \"atlantis\"." },
        { "kommune=999", "kommune", "Vi kender ikke kommunen \"999\"." },
        { "region=atlantis", "region", "Vi kender ikke regionen \"atlantis\"." },
        { "serie=findes-ikke", "serie", "Vi kender ikke serien \"findes-ikke\"." },
        { "fra=abc", "fra", "Datoen \"abc\" kunne ikke forstås. Skriv den som 2026-03-14." },
        { "til=2027-02-30", "til", "Datoen \"2027-02-30\" kunne ikke forstås." },
        { "fra=2027-05-02&til=2027-05-01", "til", "Til-datoen skal ligge efter fra-datoen." },
        { "periode=x", "periode", "Vælg i dag, i weekenden, denne uge eller næste 30 dage." },
        { "maalgruppe=katte", "maalgruppe", "Vælg en af målgrupperne børn, unge, voksne, ældre eller alle." },
        { "side=0", "side", "Sidetallet skal være et tal fra 1 og op." },
        { "side=abc", "side", "Sidetallet skal være et tal fra 1 og op." },
        { "side=-1", "side", "Sidetallet skal være et tal fra 1 og op." },
        { "size=500", "size", "size skal være et tal fra 1 til 100." },
        { "size=0", "size", "size skal være et tal fra 1 til 100." },
        { "q=" + new string('a', 201), "q", "Søgeteksten må højst være 200 tegn." },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Bad_filter_gets_400_and_a_danish_message_on_the_page(string query, string field, string message)
    {
        var response = await App.Client().GetAsync("/arrangementer?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await Html.ParseAsync(response);
        var error = Assert.Single(html.QuerySelectorAll(".error-summary li"), li => li.TextContent.Contains(message));
        // A message about a field links to it; side and size have no field on the form, so theirs links nowhere.
        if (field is "side" or "size")
        {
            Assert.Null(error.QuerySelector("a"));
        }
        else
        {
            var link = error.QuerySelector("a");
            Assert.True(link is not null, $"The message about {field} does not link to its field.");
            Assert.Equal($"#filter-{field}", link.GetAttribute("href"));
            Assert.NotNull(html.GetElementById($"filter-{field}"));
        }
        Assert.Equal("Søgningen kunne ikke gennemføres", html.QuerySelector(".error-summary h2")?.TextContent.Trim());
        Assert.Empty(EventListing.Cards(html));
    }

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task Bad_filter_gets_400_and_a_danish_problem_from_the_api(string query, string field, string message)
    {
        var response = await App.Client().GetAsync("/api/events?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(EventListing.Json);
        Assert.NotNull(problem);
        Assert.Equal(400, problem.Status);
        Assert.Equal("Ugyldige filtre", problem.Title);
        Assert.Contains(message, Assert.Single(problem.Errors[field]));
        Assert.Contains(message, problem.Detail);
    }

    public static TheoryData<string> OddInput() => new()
    {
        "side=99999999999999999999",
        "size=1e3",
        "kommune=%00",
        "kommune=" + new string('x', 5000),
        "q=%22unclosed",
        "q=NEAR(a b",
        "q=*",
        "q=a%20OR%20b",
        "q=%27%3B--",
        "fra=0001-01-01",
        "fra=0001-01-10",
        "til=0001-01-01",
        "fra=9999-12-31",
        "til=9999-12-31",
        "fra=2027-13-01",
        "periode=weekend&tidligere=ja",
        "tidligere=ja&til=2000-01-01",
        "side=10000&size=100",
        "region=1084&kommune=751",
        "kommune=175&kommune=167",
    };

    [Theory]
    [MemberData(nameof(OddInput))]
    public async Task Odd_input_never_gets_a_server_error(string query)
    {
        var client = App.Client();
        foreach (var path in new[] { "/arrangementer", "/api/events", "/arrangementer.ics", "/arrangementer/feed.xml", "/embed/arrangementer" })
        {
            var response = await client.GetAsync($"{path}?{query}");

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}?{query} answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains(response.Content.Headers.ContentType?.MediaType, new[] { "text/html", "application/problem+json" });
                continue;
            }

            // A 200 is a whole document of its kind, not a half-written one.
            switch (path)
            {
                case "/api/events":
                    using (var json = JsonDocument.Parse(body))
                    {
                        Assert.True(json.RootElement.GetProperty("total").GetInt32() >= 0);
                        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("items").ValueKind);
                    }

                    break;
                case "/arrangementer.ics":
                    Assert.NotNull(Ical.Net.Calendar.Load(body));
                    break;
                case "/arrangementer/feed.xml":
                    Assert.Equal(XName.Get("feed", Atom), XDocument.Parse(body).Root?.Name);
                    break;
                default:
                    Assert.EndsWith("</html>", body.TrimEnd(), StringComparison.Ordinal);
                    break;
            }
        }
    }

    private const string Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Atom_feed_lists_the_filtered_events_in_order_with_links_to_their_pages()
    {
        var word = UniqueWord();
        var day = Today.AddDays(12);
        var later = await App.PublishAsync(On($"Fællesspisning {word}", Roedovre, day.AddDays(1), 17, 19));
        var first = await App.PublishAsync(On($"Strikkecafé {word}", Roedovre, day, 10, 12));
        await App.PublishAsync(On($"Gåtur i Aarhus {word}", Aarhus, day, 10, 12));

        var response = await App.Client().GetAsync($"/arrangementer/feed.xml?kommune=175&q={word}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        XNamespace atom = Atom;
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(atom + "feed", feed.Name);
        Assert.Equal("Kommende arrangementer i Rødovre", feed.Element(atom + "title")?.Value);
        Assert.Equal($"http://localhost/arrangementer/feed.xml?kommune=175&q={word}",
            feed.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")?.Value);
        var entries = feed.Elements(atom + "entry").ToList();
        Assert.Equal([first.Details.Title, later.Details.Title], entries.Select(e => e.Element(atom + "title")?.Value));
        Assert.Equal(
            [$"http://localhost/arrangementer/{first.Slug}", $"http://localhost/arrangementer/{later.Slug}"],
            entries.Select(e => e.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")?.Value));
        Assert.StartsWith($"urn:uuid:{first.Id}:", entries[0].Element(atom + "id")?.Value, StringComparison.Ordinal);
        Assert.StartsWith($"urn:uuid:{later.Id}:", entries[1].Element(atom + "id")?.Value, StringComparison.Ordinal);
        // When the entry last changed, not when the event starts (OpenDataTests checks it after an edit).
        Assert.Equal(first.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), entries[0].Element(atom + "updated")!.Value);
        Assert.Equal("Frivilligcenter Testby", entries[0].Element(atom + "author")?.Element(atom + "name")?.Value);
        Assert.Contains("Rødovre", entries[0].Element(atom + "summary")?.Value);
    }
}
