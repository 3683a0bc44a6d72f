using System.Text.Json;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Infrastructure.EventBuilder;
using IcalCalendar = Ical.Net.Calendar;

namespace Campaign.Tests.Events;

/// <summary>
/// A weekly café at 10:00 stays at 10:00 in Copenhagen when summer time starts or ends: in the stored
/// dates, in the API's offsets and in the calendar feed.
/// </summary>
public sealed class DaylightSavingTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task<Event> WeeklyAtTenAsync(string word, DateOnly first, DateOnly until) =>
        await App.PublishAsync(On($"Søndagscafé {word}", Roedovre, first, 10, 11) with { Repeat = Repeat.Weekly, RepeatUntil = until });

    private Task<List<DateTime>> StoredStartsAsync(Guid id) =>
        App.With(services => services.GetRequiredService<CampaignDb>().EventOccurrences
            .Where(o => o.EventId == id).OrderBy(o => o.StartUtc).Select(o => o.StartUtc).ToListAsync());

    /// <summary>The API's start and end exactly as written in the JSON.</summary>
    private async Task<List<(string Start, string End)>> ApiTimesAsync(string query)
    {
        using var json = JsonDocument.Parse(await App.Client().GetStringAsync("/api/events" + query));
        return json.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("start").GetString()!, i.GetProperty("end").GetString()!)).ToList();
    }

    private async Task<List<DateTime>> FeedStartsAsync(Event evt)
    {
        var calendar = IcalCalendar.Load(await App.Client().GetStringAsync($"/arrangementer/{evt.Slug}.ics"))!;
        return Assert.Single(calendar.Events).GetOccurrences().Select(o => o.Period.StartTime.AsUtc).ToList();
    }

    [Fact]
    public async Task Weekly_event_keeps_ten_oclock_when_summer_time_starts()
    {
        var word = UniqueWord();
        var evt = await WeeklyAtTenAsync(word, new DateOnly(2027, 3, 14), new DateOnly(2027, 4, 4));

        var stored = await StoredStartsAsync(evt.Id);
        var api = await ApiTimesAsync($"?q={word}&fra=2027-03-01&til=2027-04-30");
        var feed = await FeedStartsAsync(evt);

        DateTime[] expected = [Utc(3, 14, 9), Utc(3, 21, 9), Utc(3, 28, 8), Utc(4, 4, 8)];
        Assert.Equal(expected, stored);
        Assert.Equal(
            [
                ("2027-03-14T10:00:00+01:00", "2027-03-14T11:00:00+01:00"),
                ("2027-03-21T10:00:00+01:00", "2027-03-21T11:00:00+01:00"),
                ("2027-03-28T10:00:00+02:00", "2027-03-28T11:00:00+02:00"),
                ("2027-04-04T10:00:00+02:00", "2027-04-04T11:00:00+02:00"),
            ],
            api);
        Assert.Equal(expected, feed);
    }

    [Fact]
    public async Task Weekly_event_keeps_ten_oclock_when_summer_time_ends()
    {
        var word = UniqueWord();
        var evt = await WeeklyAtTenAsync(word, new DateOnly(2027, 10, 17), new DateOnly(2027, 11, 7));

        var stored = await StoredStartsAsync(evt.Id);
        var api = await ApiTimesAsync($"?q={word}&fra=2027-10-01&til=2027-11-30");
        var feed = await FeedStartsAsync(evt);

        DateTime[] expected = [Utc(10, 17, 8), Utc(10, 24, 8), Utc(10, 31, 9), Utc(11, 7, 9)];
        Assert.Equal(expected, stored);
        Assert.Equal(
            [
                ("2027-10-17T10:00:00+02:00", "2027-10-17T11:00:00+02:00"),
                ("2027-10-24T10:00:00+02:00", "2027-10-24T11:00:00+02:00"),
                ("2027-10-31T10:00:00+01:00", "2027-10-31T11:00:00+01:00"),
                ("2027-11-07T10:00:00+01:00", "2027-11-07T11:00:00+01:00"),
            ],
            api);
        Assert.Equal(expected, feed);
    }

    [Fact]
    public async Task Event_at_half_past_two_in_the_repeated_hour_is_listed_in_summer_time()
    {
        var word = UniqueWord();
        var start = CopenhagenTime.ToUtc(new DateOnly(2027, 10, 31), new TimeOnly(2, 30))!.Value;
        var evt = await App.PublishAsync(Details($"Natvandring {word}", Roedovre, start, start.AddHours(2)));

        var api = await ApiTimesAsync($"?q={word}&fra=2027-10-30&til=2027-11-01");
        var page = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));

        Assert.Equal(Utc(10, 31, 0, 30), Assert.Single(await StoredStartsAsync(evt.Id)));
        // Two hours later the clocks have gone back once: 03:30 winter time.
        Assert.Equal([("2027-10-31T02:30:00+02:00", "2027-10-31T03:30:00+01:00")], api);
        Assert.Contains("søndag 31. oktober 2027, kl. 02.30–03.30", page.QuerySelector(".event-facts")?.TextContent);
    }

    [Fact]
    public async Task The_skipped_hour_cannot_be_entered()
    {
        Assert.Null(CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(2, 30)));

        // An event entered for 01:30–03:30 that night lasts one real hour.
        var word = UniqueWord();
        var start = CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(1, 30))!.Value;
        var end = CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(3, 30))!.Value;
        await App.PublishAsync(Details($"Natcafé {word}", Roedovre, start, end));

        var api = await ApiTimesAsync($"?q={word}&fra=2027-03-27&til=2027-03-29");

        Assert.Equal(TimeSpan.FromHours(1), end - start);
        Assert.Equal([("2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00")], api);
    }
}
