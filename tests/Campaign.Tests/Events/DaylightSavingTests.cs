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
    private static DateTime Utc(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc);

    private static string Stamp(DateOnly day, string time) => $"{day:yyyy-MM-dd}T{time}";

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

    // The clock changes are taken from the calendar ahead of today, so the events are always upcoming.
    [Fact]
    public async Task Weekly_event_keeps_ten_oclock_when_summer_time_starts()
    {
        var word = UniqueWord();
        var change = UpcomingClockChange(3, daysAhead: 15);
        var (first, second, after) = (change.AddDays(-14), change.AddDays(-7), change.AddDays(7));
        var evt = await WeeklyAtTenAsync(word, first, after);

        var stored = await StoredStartsAsync(evt.Id);
        var api = await ApiTimesAsync($"?q={word}&fra={first.AddDays(-7):yyyy-MM-dd}&til={after.AddDays(21):yyyy-MM-dd}");
        var feed = await FeedStartsAsync(evt);

        DateTime[] expected = [Utc(first, 9), Utc(second, 9), Utc(change, 8), Utc(after, 8)];
        Assert.Equal(expected, stored);
        Assert.Equal(
            [
                (Stamp(first, "10:00:00+01:00"), Stamp(first, "11:00:00+01:00")),
                (Stamp(second, "10:00:00+01:00"), Stamp(second, "11:00:00+01:00")),
                (Stamp(change, "10:00:00+02:00"), Stamp(change, "11:00:00+02:00")),
                (Stamp(after, "10:00:00+02:00"), Stamp(after, "11:00:00+02:00")),
            ],
            api);
        Assert.Equal(expected, feed);
    }

    [Fact]
    public async Task Weekly_event_keeps_ten_oclock_when_summer_time_ends()
    {
        var word = UniqueWord();
        var change = UpcomingClockChange(10, daysAhead: 15);
        var (first, second, after) = (change.AddDays(-14), change.AddDays(-7), change.AddDays(7));
        var evt = await WeeklyAtTenAsync(word, first, after);

        var stored = await StoredStartsAsync(evt.Id);
        var api = await ApiTimesAsync($"?q={word}&fra={first.AddDays(-7):yyyy-MM-dd}&til={after.AddDays(21):yyyy-MM-dd}");
        var feed = await FeedStartsAsync(evt);

        DateTime[] expected = [Utc(first, 8), Utc(second, 8), Utc(change, 9), Utc(after, 9)];
        Assert.Equal(expected, stored);
        Assert.Equal(
            [
                (Stamp(first, "10:00:00+02:00"), Stamp(first, "11:00:00+02:00")),
                (Stamp(second, "10:00:00+02:00"), Stamp(second, "11:00:00+02:00")),
                (Stamp(change, "10:00:00+01:00"), Stamp(change, "11:00:00+01:00")),
                (Stamp(after, "10:00:00+01:00"), Stamp(after, "11:00:00+01:00")),
            ],
            api);
        Assert.Equal(expected, feed);
    }

    [Fact]
    public async Task Event_at_half_past_two_in_the_repeated_hour_is_listed_in_summer_time()
    {
        var word = UniqueWord();
        var change = UpcomingClockChange(10, daysAhead: 2);
        var start = CopenhagenTime.ToUtc(change, new TimeOnly(2, 30))!.Value;
        var evt = await App.PublishAsync(Details($"Natvandring {word}", Roedovre, start, start.AddHours(2)));

        var api = await ApiTimesAsync($"?q={word}&fra={change.AddDays(-1):yyyy-MM-dd}&til={change.AddDays(1):yyyy-MM-dd}");
        var page = await Html.ParseAsync(await App.Client().GetAsync($"/arrangementer/{evt.Slug}"));

        Assert.Equal(Utc(change, 0, 30), Assert.Single(await StoredStartsAsync(evt.Id)));
        // Two hours later the clocks have gone back once: 03:30 winter time.
        Assert.Equal([(Stamp(change, "02:30:00+02:00"), Stamp(change, "03:30:00+01:00"))], api);
        Assert.Contains($"{DanishDate(change)}, kl. 02.30–03.30", page.QuerySelector(".event-facts")?.TextContent);
    }

    [Fact]
    public async Task The_skipped_hour_cannot_be_entered()
    {
        var change = UpcomingClockChange(3, daysAhead: 2);
        Assert.Null(CopenhagenTime.ToUtc(change, new TimeOnly(2, 30)));

        // An event entered for 01:30–03:30 that night lasts one real hour.
        var word = UniqueWord();
        var start = CopenhagenTime.ToUtc(change, new TimeOnly(1, 30))!.Value;
        var end = CopenhagenTime.ToUtc(change, new TimeOnly(3, 30))!.Value;
        await App.PublishAsync(Details($"Natcafé {word}", Roedovre, start, end));

        var api = await ApiTimesAsync($"?q={word}&fra={change.AddDays(-1):yyyy-MM-dd}&til={change.AddDays(1):yyyy-MM-dd}");

        Assert.Equal(TimeSpan.FromHours(1), end - start);
        Assert.Equal([(Stamp(change, "01:30:00+01:00"), Stamp(change, "03:30:00+02:00"))], api);
    }
}
