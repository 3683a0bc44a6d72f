using Campaign.Web.Features.Events;
using Campaign.Web.Features.Places;

namespace Campaign.Tests.Events;

/// <summary>The event's own rules: validation, status changes, SEQUENCE and the dates a repeat produces.</summary>
public sealed class EventRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static EventDetails Valid(DateOnly day, TimeOnly from, TimeOnly to) => new EventDetails
    {
        Title = "Strikkecafé",
        Description = "Vi strikker.",
        StartUtc = CopenhagenTime.ToUtc(day, from)!.Value,
        EndUtc = CopenhagenTime.ToUtc(day, to)!.Value,
        VenueName = "Biblioteket",
        StreetAddress = "Rødovre Parkvej 1",
        PostalCode = "2610",
        City = "Rødovre",
        OrganiserName = "Rødovre Frivilligcenter",
    }.WithMunicipality(175);

    [Fact]
    public void A_valid_event_has_no_errors_and_its_region_follows_the_municipality()
    {
        var details = Valid(new DateOnly(2026, 12, 1), new(10, 0), new(12, 0));

        Assert.Empty(details.Validate());
        Assert.Equal(Geography.Denmark.Municipality(175)!.Region.Code, details.RegionCode);
    }

    [Fact]
    public void Validation_explains_each_problem_in_danish()
    {
        var day = new DateOnly(2026, 12, 1);
        var details = Valid(day, new(10, 0), new(12, 0)) with
        {
            Title = " ",
            EndUtc = CopenhagenTime.ToUtc(day, new(9, 0))!.Value,
            PostalCode = "0960",
            JoinMethod = JoinMethod.Email,
            JoinDetail = "ikke en adresse",
            TargetGroups = TargetGroups.None,
            OrganiserUrl = "javascript:alert(1)",
        };

        var errors = details.Validate();

        Assert.Equal("Skriv en titel.", errors["Title"]);
        Assert.Equal("Sluttidspunktet skal ligge efter starttidspunktet.", errors["EndUtc"]);
        Assert.StartsWith("Skriv et gyldigt dansk postnummer", errors["PostalCode"]);
        Assert.Equal("Skriv en gyldig e-mailadresse til tilmelding.", errors["JoinDetail"]);
        Assert.Equal("Vælg mindst én målgruppe.", errors["TargetGroups"]);
        Assert.Contains("https://", errors["OrganiserUrl"]);
        Assert.Throws<EventValidationException>(() => Event.Create(Guid.NewGuid(), "x", details, Now));
    }

    [Fact]
    public void A_municipality_that_does_not_match_its_region_is_refused()
    {
        var details = Valid(new DateOnly(2026, 12, 1), new(10, 0), new(12, 0)) with { RegionCode = 1081 };

        Assert.Equal("Kommune og region passer ikke sammen.", details.Validate()["MunicipalityCode"]);
    }

    [Fact]
    public void Status_moves_only_along_the_allowed_paths_and_public_changes_raise_the_sequence()
    {
        var evt = Event.Create(Guid.NewGuid(), "strikkecafe", Valid(new DateOnly(2026, 12, 1), new(10, 0), new(12, 0)), Now);
        Assert.Equal(EventStatus.Draft, evt.Status);
        Assert.False(evt.IsPublic);
        Assert.All(evt.Occurrences, o => Assert.False(o.IsPublic));

        Assert.Throws<EventRuleException>(() => evt.Cancel("Syg", Now));
        evt.Submit(Now);
        Assert.Throws<EventRuleException>(() => evt.Submit(Now));
        evt.Publish(Now);
        Assert.True(evt.IsPublic);
        Assert.All(evt.Occurrences, o => Assert.True(o.IsPublic));
        var sequence = evt.Sequence;

        evt.Update(evt.Details with { Title = "Strikkecafé med kage" }, Now);
        Assert.Equal(sequence + 1, evt.Sequence);

        Assert.Throws<EventRuleException>(() => evt.Cancel(" ", Now));
        evt.Cancel("Underviseren er syg.", Now);
        Assert.Equal(EventStatus.Cancelled, evt.Status);
        Assert.Equal("Underviseren er syg.", evt.CancellationMessage);
        Assert.Throws<EventRuleException>(() => evt.Update(evt.Details, Now));
    }

    [Fact]
    public void A_weekly_repeat_keeps_its_wall_clock_time_across_the_spring_change()
    {
        // Sunday 28 March 2027 is the last Sunday of March: clocks go from 02:00 to 03:00.
        var details = Valid(new DateOnly(2027, 3, 16), new(10, 0), new(12, 0)) with
        {
            Repeat = Repeat.Weekly,
            RepeatUntil = new DateOnly(2027, 4, 6),
            SkippedDates = "2027-03-23",
        };

        var dates = details.Dates().ToList();

        Assert.Equal([new DateTime(2027, 3, 16, 9, 0, 0), new DateTime(2027, 3, 30, 8, 0, 0), new DateTime(2027, 4, 6, 8, 0, 0)],
            dates.Select(d => DateTime.SpecifyKind(d.Start, DateTimeKind.Unspecified)));
        Assert.All(dates, d => Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(CopenhagenTime.ToLocal(d.Start))));
        Assert.All(dates, d => Assert.Equal(TimeSpan.FromHours(2), d.End - d.Start));
    }

    [Fact]
    public void A_weekly_repeat_keeps_its_wall_clock_time_across_the_autumn_change()
    {
        var details = Valid(new DateOnly(2027, 10, 26), new(19, 0), new(21, 0)) with
        {
            Repeat = Repeat.Weekly,
            RepeatUntil = new DateOnly(2027, 11, 2),
        };

        var dates = details.Dates().Select(d => CopenhagenTime.ToOffset(d.Start)).ToList();

        Assert.Equal(["2027-10-26T19:00:00+02:00", "2027-11-02T19:00:00+01:00"], dates.Select(d => d.ToString("yyyy-MM-ddTHH:mm:sszzz")));
    }

    [Fact]
    public void The_skipped_hour_in_march_does_not_exist_and_the_doubled_hour_in_october_means_the_first()
    {
        Assert.Null(CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(2, 30)));
        Assert.Equal(new DateTime(2027, 3, 28, 0, 59, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(1, 59)));
        Assert.Equal(new DateTime(2027, 3, 28, 1, 0, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(3, 0)));
        Assert.Equal(new DateTime(2027, 10, 31, 0, 30, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateOnly(2027, 10, 31), new TimeOnly(2, 30)));
    }

    [Fact]
    public void A_weekly_repeat_at_0230_skips_the_date_on_which_that_time_does_not_exist()
    {
        var details = Valid(new DateOnly(2027, 3, 21), new(2, 30), new(3, 30)) with
        {
            EndUtc = CopenhagenTime.ToUtc(new DateOnly(2027, 3, 21), new TimeOnly(4, 0))!.Value,
            Repeat = Repeat.Weekly,
            RepeatUntil = new DateOnly(2027, 4, 4),
        };

        var days = details.Dates().Select(d => DateOnly.FromDateTime(CopenhagenTime.ToLocal(d.Start))).ToList();

        Assert.Equal([new DateOnly(2027, 3, 21), new DateOnly(2027, 4, 4)], days);
    }

    [Fact]
    public void A_monthly_repeat_on_the_31st_skips_months_without_one()
    {
        var details = Valid(new DateOnly(2027, 1, 31), new(10, 0), new(11, 0)) with
        {
            Repeat = Repeat.Monthly,
            RepeatUntil = new DateOnly(2027, 5, 31),
        };

        var days = details.Dates().Select(d => DateOnly.FromDateTime(CopenhagenTime.ToLocal(d.Start))).ToList();

        Assert.Equal([new DateOnly(2027, 1, 31), new DateOnly(2027, 3, 31), new DateOnly(2027, 5, 31)], days);
    }

    [Fact]
    public void A_repeat_cannot_run_more_than_a_year()
    {
        var details = Valid(new DateOnly(2027, 1, 5), new(10, 0), new(11, 0)) with { Repeat = Repeat.Weekly, RepeatUntil = new DateOnly(2028, 6, 1) };

        Assert.Contains("højst løbe et år", details.Validate()["RepeatUntil"]);
    }
}
