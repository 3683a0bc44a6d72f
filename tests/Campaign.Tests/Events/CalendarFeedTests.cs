using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Features.Events;
using static Campaign.Tests.Infrastructure.EventBuilder;
using IcalCalendar = Ical.Net.Calendar;

namespace Campaign.Tests.Events;

/// <summary>
/// /arrangementer.ics and /arrangementer/{slug}.ics as a calendar app reads them. Only the first test makes
/// events in Rødovre, so it can count the municipality's feed exactly.
/// </summary>
public sealed class CalendarFeedTests(CampaignApp app) : IntegrationTest<CampaignApp>(app)
{
    private static async Task<IcalCalendar> CalendarAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return IcalCalendar.Load(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Ical.Net read no calendar.");
    }

    [Fact]
    public async Task Municipality_feed_holds_each_of_its_upcoming_public_events_once()
    {
        var word = UniqueWord();
        var single = await App.PublishAsync(On($"Brætspilsaften {word}", Roedovre, Today.AddDays(5), 19, 22));
        var weekly = await App.PublishAsync(On($"Strikkecafé {word}", Roedovre, Today.AddDays(6), 10, 12) with { Repeat = Repeat.Weekly, RepeatUntil = Today.AddDays(34) });
        await App.SaveEventAsync(On($"Kladde {word}", Roedovre, Today.AddDays(5)), EventStatus.Draft);
        await App.SaveEventAsync(On($"Afventer {word}", Roedovre, Today.AddDays(5)), EventStatus.Pending);
        await App.PublishAsync(On($"Overstået {word}", Roedovre, Today.AddDays(-3)));
        await App.PublishAsync(On($"Nabokommunen {word}", Hvidovre, Today.AddDays(5)));

        var response = await App.Client().GetAsync("/arrangementer.ics?kommune=175");
        var text = await response.Content.ReadAsStringAsync();
        var calendar = await CalendarAsync(response);

        Assert.Contains("X-WR-CALNAME:Arrangementer i Rødovre – Tal om ensomhed\r\n", text);
        Assert.Equal(2, calendar.Events.Count);
        Assert.Equal(
            new[] { $"{single.Id}@talomensomhed.dk", $"{weekly.Id}@talomensomhed.dk" }.Order(),
            calendar.Events.Select(e => e.Uid).Order());
        var first = calendar.Events.Single(e => e.Uid == $"{single.Id}@talomensomhed.dk");
        Assert.Equal(single.Details.Title, first.Summary);
        Assert.Equal(single.Details.StartUtc, first.DtStart!.AsUtc);
        Assert.Equal(single.Details.EndUtc, first.DtEnd!.AsUtc);
        Assert.Equal("Medborgerhuset, Hovedgaden 12, 2610 Rødovre", first.Location);
        Assert.Equal(new Uri($"http://localhost/arrangementer/{single.Slug}"), first.Url);
        Assert.Contains("Rødovre", first.Categories);
        Assert.Null(first.RecurrenceRule);
        var repeating = calendar.Events.Single(e => e.Uid == $"{weekly.Id}@talomensomhed.dk");
        Assert.Equal(Ical.Net.FrequencyType.Weekly, repeating.RecurrenceRule?.Frequency);
        Assert.Equal(weekly.Occurrences.Select(o => o.StartUtc).Order(), repeating.GetOccurrences().Select(o => o.Period.StartTime.AsUtc));
    }

    [Fact]
    public async Task Event_file_is_a_calendar_with_that_one_event_to_download()
    {
        var evt = await App.PublishAsync(On($"Seniorfrokost {UniqueWord()}", Aarhus, Today.AddDays(8), 12, 14) with { PriceDkk = 50, PriceNote = "inkl. kaffe" });

        var response = await App.Client().GetAsync($"/arrangementer/{evt.Slug}.ics");
        var calendar = await CalendarAsync(response);

        Assert.Equal($"{evt.Slug}.ics", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var single = Assert.Single(calendar.Events);
        Assert.Equal($"{evt.Id}@talomensomhed.dk", single.Uid);
        Assert.Equal(evt.Details.Title, single.Summary);
        Assert.Equal(evt.Details.StartUtc, single.DtStart!.AsUtc);
        Assert.Equal("Europe/Copenhagen", single.DtStart.TzId);
        Assert.Equal("CONFIRMED", single.Status);
        Assert.Contains("Pris: 50 kr. (inkl. kaffe)", single.Description);
        Assert.Contains("Arrangør: Frivilligcenter Testby", single.Description);
        Assert.Equal(["Aarhus"], single.Categories);
    }

    [Fact]
    public async Task Uid_stays_the_same_and_sequence_rises_when_the_event_changes()
    {
        var word = UniqueWord();
        var evt = await App.PublishAsync(On($"Fællesspisning {word}", Aarhus, Today.AddDays(12), 17, 19));
        var client = App.Client();

        var first = Assert.Single((await CalendarAsync(await client.GetAsync($"/arrangementer/{evt.Slug}.ics"))).Events);
        var again = Assert.Single((await CalendarAsync(await client.GetAsync($"/arrangementer/{evt.Slug}.ics"))).Events);
        var feedBefore = Assert.Single((await CalendarAsync(await client.GetAsync($"/arrangementer.ics?q={word}"))).Events);

        Assert.Equal(first.Uid, again.Uid);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(first.Uid, feedBefore.Uid);
        Assert.Equal(first.Sequence, feedBefore.Sequence);

        var newStart = Local(Today.AddDays(13), 18);
        await App.UpdateEventAsync(evt.Id, d => d with { Title = $"Fællesspisning flyttet {word}", StartUtc = newStart, EndUtc = newStart.AddHours(2) });

        var changed = Assert.Single((await CalendarAsync(await client.GetAsync($"/arrangementer/{evt.Slug}.ics"))).Events);
        var feedAfter = Assert.Single((await CalendarAsync(await client.GetAsync($"/arrangementer.ics?q={word}"))).Events);

        Assert.Equal(first.Uid, changed.Uid);
        Assert.Equal(first.Sequence + 1, changed.Sequence);
        Assert.Equal($"Fællesspisning flyttet {word}", changed.Summary);
        Assert.Equal(newStart, changed.DtStart!.AsUtc);
        Assert.Equal(first.Uid, feedAfter.Uid);
        Assert.Equal(changed.Sequence, feedAfter.Sequence);
        Assert.Equal(newStart, feedAfter.DtStart!.AsUtc);
    }

    [Fact]
    public async Task Bad_feed_filters_get_a_danish_problem_not_a_calendar()
    {
        var response = await App.Client().GetAsync("/arrangementer.ics?kommune=atlantis");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Vi kender ikke kommunen", await response.Content.ReadAsStringAsync());
    }
}
