using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Campaign.Web.Features.Places;

namespace Campaign.Tests.Infrastructure;

/// <summary>Small builders so each test makes the events it needs, saved the way the app saves them.</summary>
public static class EventBuilder
{
    public const int Roedovre = 175;
    public const int Hvidovre = 167;
    public const int Odsherred = 306;
    public const int Aarhus = 751;
    public const int Aalborg = 851;

    /// <summary>The app runs on the system clock, so tests place events relative to the real now.</summary>
    public static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    public static DateOnly Today => CopenhagenTime.Today(TimeProvider.System);

    /// <summary>
    /// The next <paramref name="month"/>/<paramref name="day"/> at least a week after today in Copenhagen, so a test
    /// that needs a winter or a summer date keeps an upcoming event whatever year it runs in.
    /// </summary>
    public static DateOnly Upcoming(int month, int day)
    {
        var candidate = new DateOnly(Today.Year, month, day);
        return candidate >= Today.AddDays(7) ? candidate : candidate.AddYears(1);
    }

    /// <summary>The last Sunday of a month: the EU's summer time starts on March's and ends on October's.</summary>
    public static DateOnly LastSunday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Sunday + 7) % 7));
    }

    /// <summary>The next clock change in <paramref name="month"/> (3 or 10) with at least <paramref name="daysAhead"/> days before it.</summary>
    public static DateOnly UpcomingClockChange(int month, int daysAhead)
    {
        var change = LastSunday(Today.Year, month);
        return change.AddDays(-daysAhead) > Today ? change : LastSunday(Today.Year + 1, month);
    }

    private static readonly string[] DanishWeekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    private static readonly string[] DanishMonths =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    /// <summary>A day as the Danish pages write it ("torsdag 14. januar 2027"), spelled out here rather than by the app's culture.</summary>
    public static string DanishDate(DateOnly day) =>
        $"{DanishWeekdays[(int)day.DayOfWeek]} {day.Day}. {DanishMonths[day.Month - 1]} {day.Year}";

    /// <summary>The UTC instant of a Copenhagen wall-clock time that exists.</summary>
    public static DateTime Local(DateOnly day, int hour, int minute = 0) =>
        CopenhagenTime.ToUtc(day, new TimeOnly(hour, minute))
        ?? throw new ArgumentException($"{day:yyyy-MM-dd} {hour:00}:{minute:00} does not exist in Copenhagen.");

    /// <summary>A valid, free, offline event for everyone at a real postal code of the municipality.</summary>
    public static EventDetails Details(string title, int municipality, DateTime startUtc, DateTime endUtc)
    {
        // The municipality's own town where it has one: 2610 Rødovre also lies partly in Hvidovre.
        var districts = Geography.Denmark.DistrictsIn(municipality);
        var name = Geography.Denmark.Municipality(municipality)!.Name;
        var district = districts.FirstOrDefault(d => d.Name.StartsWith(name, StringComparison.Ordinal)) ?? districts[0];
        return new EventDetails
        {
            Title = title,
            Summary = "Kom og vær med – alle er velkomne.",
            Description = "Vi mødes over en kop kaffe og en snak.\n\n**Tag gerne en med.**",
            StartUtc = startUtc,
            EndUtc = endUtc,
            VenueName = "Medborgerhuset",
            StreetAddress = "Hovedgaden 12",
            PostalCode = district.Code,
            City = district.Name,
            OrganiserName = "Frivilligcenter Testby",
        }.WithMunicipality(municipality);
    }

    /// <summary>An event on a local day, by default 10:00–12:00.</summary>
    public static EventDetails On(string title, int municipality, DateOnly day, int fromHour = 10, int toHour = 12) =>
        Details(title, municipality, Local(day, fromHour), Local(day, toHour));

    public static Task<Event> PublishAsync(this CampaignApp app, EventDetails details) =>
        app.SaveEventAsync(details, EventStatus.Published);

    /// <summary>Creates the event and moves it to <paramref name="status"/> through its own rules, then saves it through EventStore.</summary>
    public static Task<Event> SaveEventAsync(this CampaignApp app, EventDetails details, EventStatus status, string? cancellation = null) =>
        app.With(async services =>
        {
            var now = Now;
            var evt = Event.Create(Guid.NewGuid(), UrlSegment.From(details.Title), details, now);
            switch (status)
            {
                case EventStatus.Draft:
                    break;
                case EventStatus.Pending:
                    evt.Submit(now);
                    break;
                case EventStatus.Rejected:
                    evt.Submit(now);
                    evt.Reject("Arrangementet passer ikke til kalenderen.", now);
                    break;
                case EventStatus.Published:
                    evt.Publish(now);
                    break;
                case EventStatus.Cancelled:
                    evt.Publish(now);
                    evt.Cancel(cancellation ?? "Vi må desværre aflyse.", now);
                    break;
            }

            services.GetRequiredService<CampaignDb>().Events.Add(evt);
            await services.GetRequiredService<EventStore>().SaveAsync(evt, CancellationToken.None);
            return evt;
        });

    /// <summary>Changes a saved event through Event.Update, as an organiser's edit does.</summary>
    public static Task<Event> UpdateEventAsync(this CampaignApp app, Guid id, Func<EventDetails, EventDetails> change) =>
        app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var evt = await db.Events.Include(e => e.Occurrences).SingleAsync(e => e.Id == id);
            evt.Update(change(evt.Details), Now);
            await services.GetRequiredService<EventStore>().SaveAsync(evt, CancellationToken.None);
            return evt;
        });

    /// <summary>Cancels a published event, as its organiser does.</summary>
    public static Task<Event> CancelEventAsync(this CampaignApp app, Guid id, string message) =>
        app.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var evt = await db.Events.Include(e => e.Occurrences).SingleAsync(e => e.Id == id);
            evt.Cancel(message, Now);
            await services.GetRequiredService<EventStore>().SaveAsync(evt, CancellationToken.None);
            return evt;
        });

    /// <summary>
    /// A made-up word of letters only, found by the search in no other event: put it in a title and
    /// filter with q= to see exactly one test's events.
    /// </summary>
    public static string UniqueWord()
    {
        var letters = Guid.NewGuid().ToString("N")[..10].Select(c => (char)('b' + Convert.ToInt32(c.ToString(), 16)));
        return "zq" + new string([.. letters]);
    }
}
