namespace Campaign.Web.Features.Events;

/// <summary>
/// Danish wall-clock time. Events are entered and shown in Europe/Copenhagen and stored in UTC,
/// so a weekly café at 10:00 stays at 10:00 across the changes to and from summer time.
/// </summary>
public static class CopenhagenTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>
    /// The UTC instant of a local date and time. A time that does not exist (the hour skipped on the last
    /// Sunday of March) gives null; an hour that happens twice (last Sunday of October) means the first, summer-time one.
    /// </summary>
    public static DateTime? ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTimeOffset ToOffset(DateTime utc)
    {
        var local = ToLocal(utc);
        return new DateTimeOffset(local, Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>UTC at local midnight starting the given day (midnight always exists in Denmark).</summary>
    public static DateTime StartOfDay(DateOnly date) => ToUtc(date, TimeOnly.MinValue)!.Value;
}
