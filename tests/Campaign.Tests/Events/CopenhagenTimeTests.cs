using Campaign.Web.Features.Events;

namespace Campaign.Tests.Events;

/// <summary>Danish wall-clock time around the two changes of 2027: 28 March (02:00 → 03:00) and 31 October (03:00 → 02:00).</summary>
public sealed class CopenhagenTimeTests
{
    private static readonly DateOnly SpringForward = new(2027, 3, 28);
    private static readonly DateOnly FallBack = new(2027, 10, 31);

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 30)]
    [InlineData(2, 59)]
    public void A_time_in_the_hour_skipped_in_march_does_not_exist(int hour, int minute)
    {
        Assert.Null(CopenhagenTime.ToUtc(SpringForward, new TimeOnly(hour, minute)));
    }

    [Fact]
    public void The_times_around_the_skipped_hour_keep_their_own_offsets()
    {
        Assert.Equal(Utc(3, 28, 0, 59), CopenhagenTime.ToUtc(SpringForward, new TimeOnly(1, 59)));
        Assert.Equal(Utc(3, 28, 1), CopenhagenTime.ToUtc(SpringForward, new TimeOnly(3, 0)));
        Assert.Equal(Utc(3, 28, 8), CopenhagenTime.ToUtc(SpringForward, new TimeOnly(10, 0)));
        Assert.Equal(Utc(3, 27, 9), CopenhagenTime.ToUtc(SpringForward.AddDays(-1), new TimeOnly(10, 0)));
    }

    [Fact]
    public void A_time_in_the_hour_repeated_in_october_means_the_first_the_summer_time_one()
    {
        var utc = CopenhagenTime.ToUtc(FallBack, new TimeOnly(2, 30));

        Assert.Equal(Utc(10, 31, 0, 30), utc);
        Assert.Equal(TimeSpan.FromHours(2), CopenhagenTime.ToOffset(utc!.Value).Offset);
        Assert.Equal(new DateTime(2027, 10, 31, 2, 30, 0), CopenhagenTime.ToOffset(utc.Value).DateTime);
    }

    [Fact]
    public void The_second_pass_through_the_repeated_hour_shows_winter_time()
    {
        var second = Utc(10, 31, 1, 30);

        Assert.Equal(new DateTime(2027, 10, 31, 2, 30, 0), CopenhagenTime.ToLocal(second));
        Assert.Equal(TimeSpan.FromHours(1), CopenhagenTime.ToOffset(second).Offset);
        Assert.Equal(Utc(10, 31, 2), CopenhagenTime.ToUtc(FallBack, new TimeOnly(3, 0)));
        Assert.Equal(Utc(10, 31, 9), CopenhagenTime.ToUtc(FallBack, new TimeOnly(10, 0)));
    }

    [Fact]
    public void Midnight_starts_the_day_in_either_season()
    {
        Assert.Equal(Utc(3, 27, 23), CopenhagenTime.StartOfDay(SpringForward));
        Assert.Equal(Utc(3, 28, 22), CopenhagenTime.StartOfDay(SpringForward.AddDays(1)));
        Assert.Equal(Utc(10, 30, 22), CopenhagenTime.StartOfDay(FallBack));
        Assert.Equal(Utc(10, 31, 23), CopenhagenTime.StartOfDay(FallBack.AddDays(1)));
    }

    [Fact]
    public void Weekly_dates_keep_ten_oclock_through_both_changes()
    {
        var spring = new EventDetails
        {
            StartUtc = CopenhagenTime.ToUtc(new DateOnly(2027, 3, 14), new TimeOnly(10, 0))!.Value,
            EndUtc = CopenhagenTime.ToUtc(new DateOnly(2027, 3, 14), new TimeOnly(11, 0))!.Value,
            Repeat = Repeat.Weekly,
            RepeatUntil = new DateOnly(2027, 4, 4),
        };
        var autumn = spring with
        {
            StartUtc = CopenhagenTime.ToUtc(new DateOnly(2027, 10, 17), new TimeOnly(10, 0))!.Value,
            EndUtc = CopenhagenTime.ToUtc(new DateOnly(2027, 10, 17), new TimeOnly(11, 0))!.Value,
            RepeatUntil = new DateOnly(2027, 11, 7),
        };

        Assert.Equal([Utc(3, 14, 9), Utc(3, 21, 9), Utc(3, 28, 8), Utc(4, 4, 8)], spring.Dates().Select(d => d.Start));
        Assert.All(spring.Dates(), d => Assert.Equal(TimeSpan.FromHours(1), d.End - d.Start));
        Assert.Equal([Utc(10, 17, 8), Utc(10, 24, 8), Utc(10, 31, 9), Utc(11, 7, 9)], autumn.Dates().Select(d => d.Start));
        Assert.All(autumn.Dates(), d => Assert.Equal(TimeSpan.FromHours(1), d.End - d.Start));
    }
}
