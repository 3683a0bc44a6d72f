using System.Text;
using Campaign.Web.Features.Events.Calendar;
using IcalCalendar = Ical.Net.Calendar;

namespace Campaign.Tests.Events;

public sealed class CalendarWriterTests
{
    const string Crlf = "\r\n";
    static readonly DateTime Now = new(2026, 3, 1, 9, 15, 0, DateTimeKind.Utc);

    // Long enough to need several folds, and made of two-octet letters so that folds land next to
    // (and would land inside, if counted in chars) multi-byte characters.
    const string DanishText =
        "Kom og vær med, når vi spiser sammen i fælleshuset på Åbyhøj. Æblekage, rødgrød med fløde " +
        "og varm kaffe står klar; alle er velkomne – også hvis du aldrig har været her før. " +
        "Vi går en tur ved søen bagefter, så tag gode sko på. Ønsker du at hjælpe, så skriv til os.";

    const string LongUrl =
        "https://www.talomensomhed.dk/arrangementer/faellesspisning-i-aabyhoej-faelleshus-hver-tirsdag" +
        "?utm_source=kalender&utm_medium=ical&utm_campaign=landsindsats-mod-ensomhed-2026&a=1,2,3";

    static readonly CalendarEvent Sample = new(
        Uid: "arrangement-42@talomensomhed.dk",
        Sequence: 0,
        Summary: "Fællesspisning på Åbyhøj",
        Description: DanishText,
        Location: "Fælleshuset, Søndergade 12, 8230 Åbyhøj",
        Url: "https://www.talomensomhed.dk/arrangementer/42",
        StartUtc: new DateTime(2026, 5, 12, 15, 30, 0, DateTimeKind.Utc),
        EndUtc: new DateTime(2026, 5, 12, 18, 0, 0, DateTimeKind.Utc),
        AllDay: false,
        Cancelled: false,
        LastModifiedUtc: new DateTime(2026, 2, 20, 10, 0, 0, DateTimeKind.Utc),
        OrganizerName: "Ældre Sagen Aarhus",
        Recurrence: null);

    static string Write(params CalendarEvent[] events) =>
        CalendarWriter.Write("Tal om ensomhed – arrangementer", events, Now);

    // RFC 5545 3.1: unfolding removes every CRLF followed by one space or tab.
    static string Unfold(string ics) => ics.Replace("\r\n ", "").Replace("\r\n\t", "");

    static string[] LogicalLines(string ics) => Unfold(ics).Split(Crlf)[..^1];

    // Lines of the named property outside the VTIMEZONE, whose own DTSTART and RRULE would
    // otherwise be found too.
    static string[] LinesOf(string ics, string name) =>
        OutsideTimeZone(LogicalLines(ics)).Where(l => l.StartsWith(name + ":", StringComparison.Ordinal) || l.StartsWith(name + ";", StringComparison.Ordinal)).ToArray();

    static IEnumerable<string> OutsideTimeZone(IEnumerable<string> lines)
    {
        var inZone = false;
        foreach (var line in lines)
        {
            if (line == "BEGIN:VTIMEZONE")
            {
                inZone = true;
            }
            else if (line == "END:VTIMEZONE")
            {
                inZone = false;
            }
            else if (!inZone)
            {
                yield return line;
            }
        }
    }

    static string ValueOf(string ics, string name) => Assert.Single(LinesOf(ics, name)).Split(':', 2)[1];

    static string UnescapeText(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    static IcalCalendar Parse(string ics) => IcalCalendar.Load(ics) ?? throw new InvalidOperationException("Ical.Net returned no calendar.");

    [Fact]
    public void Every_line_ends_with_crlf()
    {
        var ics = Write(Sample, Sample with { Uid = "b", Description = "En\nto\r\ntre" });

        Assert.EndsWith(Crlf, ics);
        for (var i = 0; i < ics.Length; i++)
        {
            if (ics[i] == '\n')
            {
                Assert.True(i > 0 && ics[i - 1] == '\r', $"bare LF at {i}");
            }

            if (ics[i] == '\r')
            {
                Assert.True(i + 1 < ics.Length && ics[i + 1] == '\n', $"bare CR at {i}");
            }
        }

        Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("xy")]
    [InlineData("xyz")]
    public void No_line_is_longer_than_75_octets_and_no_fold_splits_a_character(string shift)
    {
        // The shift moves every æøå across the fold points, so some of them would straddle one.
        var ics = Write(Sample with
        {
            Summary = shift + "Åben café for alle – hygge, brætspil og snak om løst og fast i Østerbro Bibliotek",
            Description = shift + DanishText + DanishText,
            Location = shift + "Ørestads Boulevard 97, 2300 København S, lokale 2.14 ved siden af køkkenet",
            Url = LongUrl,
            Categories = [shift + "Fællesskab", "Mad og måltider", "Æblefestival, høst og sæson"],
        });

        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = strictUtf8.GetBytes(ics);
        var physicalLines = SplitOnCrlf(bytes);

        Assert.Contains(physicalLines, l => l.Length == 75 || l.Length == 74);
        Assert.True(physicalLines.Count(l => l.Length > 0 && l[0] == (byte)' ') >= 6, "expected the long values to be folded");
        foreach (var line in physicalLines)
        {
            Assert.True(line.Length <= 75, $"{line.Length} octets: {Encoding.UTF8.GetString(line)}");
            // Decoding each physical line on its own throws if a fold cut a character in two.
            strictUtf8.GetString(line);
        }
    }

    static List<byte[]> SplitOnCrlf(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                lines.Add(bytes[start..i]);
                start = i + 2;
                i++;
            }
        }

        Assert.Equal(bytes.Length, start);
        return lines;
    }

    [Fact]
    public void Folded_values_unfold_to_the_original()
    {
        var description = DanishText + "\n\n" + DanishText;
        var ics = Write(Sample with { Description = description, Url = LongUrl, OrganizerName = null });

        Assert.Contains("\r\n ", ics);
        Assert.Equal(description, UnescapeText(ValueOf(ics, "DESCRIPTION")));
        Assert.Equal(LongUrl, ValueOf(ics, "URL"));

        var parsed = Assert.Single(Parse(ics).Events);
        Assert.Equal(description, parsed.Description);
        Assert.Equal(LongUrl, parsed.Url?.OriginalString);
    }

    [Fact]
    public void Text_is_escaped()
    {
        var ics = Write(Sample with
        {
            Summary = @"Kaffe, kage; og C:\hygge",
            Description = "Linje 1\r\nLinje 2\nLinje 3\rslut",
            Location = "Rådhuset, 1. sal; lokale 3",
            OrganizerName = null,
            Categories = ["Mad, drikke", "Snak"],
        });

        Assert.Equal(@"Kaffe\, kage\; og C:\\hygge", ValueOf(ics, "SUMMARY"));
        Assert.Equal(@"Linje 1\nLinje 2\nLinje 3slut", ValueOf(ics, "DESCRIPTION"));
        Assert.Equal(@"Rådhuset\, 1. sal\; lokale 3", ValueOf(ics, "LOCATION"));
        Assert.Equal(@"Mad\, drikke,Snak", ValueOf(ics, "CATEGORIES"));

        var parsed = Assert.Single(Parse(ics).Events);
        Assert.Equal(@"Kaffe, kage; og C:\hygge", parsed.Summary);
        Assert.Equal("Linje 1\nLinje 2\nLinje 3slut", parsed.Description);
        Assert.Equal(["Mad, drikke", "Snak"], parsed.Categories);
    }

    [Fact]
    public void A_line_break_in_the_url_cannot_inject_a_property()
    {
        var ics = Write(Sample with { Url = "https://www.talomensomhed.dk/a b\r\nSTATUS:CANCELLED" });

        Assert.Equal("https://www.talomensomhed.dk/a%20bSTATUS:CANCELLED", ValueOf(ics, "URL"));
        Assert.Equal("CONFIRMED", ValueOf(ics, "STATUS"));
    }

    [Fact]
    public void Organiser_is_named_in_the_description_without_an_organizer_property()
    {
        var ics = Write(Sample);

        Assert.Empty(LinesOf(ics, "ORGANIZER"));
        Assert.Equal(DanishText + "\n\nArrangør: Ældre Sagen Aarhus", UnescapeText(ValueOf(ics, "DESCRIPTION")));
        Assert.Equal("Arrangør: Ældre Sagen Aarhus", UnescapeText(ValueOf(Write(Sample with { Description = null }), "DESCRIPTION")));
        Assert.Empty(LinesOf(Write(Sample with { Description = null, OrganizerName = null }), "DESCRIPTION"));
    }

    [Fact]
    public void Calendar_header_and_event_stamps()
    {
        var ics = Write(Sample with { Sequence = 3, Categories = ["Fællesskab"] });

        Assert.Equal("2.0", ValueOf(ics, "VERSION"));
        Assert.Equal("-//Social- og Boligstyrelsen//Tal om ensomhed//DA", ValueOf(ics, "PRODID"));
        Assert.Equal("GREGORIAN", ValueOf(ics, "CALSCALE"));
        Assert.Equal("PUBLISH", ValueOf(ics, "METHOD"));
        Assert.Equal("Tal om ensomhed – arrangementer", ValueOf(ics, "X-WR-CALNAME"));
        Assert.Equal("Europe/Copenhagen", ValueOf(ics, "X-WR-TIMEZONE"));
        Assert.Equal("arrangement-42@talomensomhed.dk", ValueOf(ics, "UID"));
        Assert.Equal("20260301T091500Z", ValueOf(ics, "DTSTAMP"));
        Assert.Equal("20260220T100000Z", ValueOf(ics, "LAST-MODIFIED"));
        Assert.Equal("3", ValueOf(ics, "SEQUENCE"));
        Assert.Equal("Fællesskab", ValueOf(ics, "CATEGORIES"));
        Assert.Equal(3, Assert.Single(Parse(ics).Events).Sequence);
    }

    [Fact]
    public void A_single_event_can_be_written_on_its_own()
    {
        Assert.Equal(
            Write(Sample),
            CalendarWriter.Write("Tal om ensomhed – arrangementer", Sample, Now));
    }

    [Fact]
    public void Categories_are_left_out_when_none_are_given()
    {
        Assert.Empty(LinesOf(Write(Sample), "CATEGORIES"));
        Assert.Empty(LinesOf(Write(Sample with { Categories = [] }), "CATEGORIES"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    public void The_time_zone_is_defined_exactly_once(int eventCount)
    {
        var events = Enumerable.Range(0, eventCount).Select(i => Sample with { Uid = $"e{i}" }).ToArray();
        var lines = LogicalLines(Write(events));

        Assert.Single(lines, "BEGIN:VTIMEZONE");
        var zone = lines.SkipWhile(l => l != "BEGIN:VTIMEZONE").TakeWhile(l => l != "END:VTIMEZONE").ToArray();
        Assert.Equal(
            [
                "BEGIN:VTIMEZONE",
                "TZID:Europe/Copenhagen",
                "BEGIN:DAYLIGHT",
                "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200",
                "TZNAME:CEST",
                "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                "END:DAYLIGHT",
                "BEGIN:STANDARD",
                "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100",
                "TZNAME:CET",
                "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                "END:STANDARD",
            ],
            zone);
        Assert.True(Array.IndexOf(lines, "END:VTIMEZONE") < Math.Max(0, Array.IndexOf(lines, "BEGIN:VEVENT")) || eventCount == 0);
        Assert.Equal(eventCount, lines.Count(l => l == "BEGIN:VEVENT"));
    }

    // Denmark changes to summer time at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on
    // 25 October 2026.
    [Theory]
    [InlineData("2026-03-28T12:00:00", ";TZID=Europe/Copenhagen:20260328T130000")] // winter, +1
    [InlineData("2026-03-29T00:59:00", ";TZID=Europe/Copenhagen:20260329T015900")] // last minute of CET
    [InlineData("2026-03-29T01:00:00", ";TZID=Europe/Copenhagen:20260329T030000")] // 02:00 CET is 03:00 CEST
    [InlineData("2026-03-30T12:00:00", ";TZID=Europe/Copenhagen:20260330T140000")] // summer, +2
    [InlineData("2026-10-24T12:00:00", ";TZID=Europe/Copenhagen:20261024T140000")] // summer, +2
    [InlineData("2026-10-25T00:30:00", ";TZID=Europe/Copenhagen:20261025T023000")] // 02:30 CEST, first 02:30
    [InlineData("2026-10-25T01:30:00", ":20261025T013000Z")] // 02:30 CET, second 02:30: only UTC is unambiguous
    [InlineData("2026-10-25T02:30:00", ";TZID=Europe/Copenhagen:20261025T033000")] // winter, +1
    [InlineData("2026-10-26T12:00:00", ";TZID=Europe/Copenhagen:20261026T130000")] // winter, +1
    public void Start_is_written_in_copenhagen_time(string utc, string expected)
    {
        var startUtc = DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var ics = Write(Sample with { StartUtc = startUtc, EndUtc = startUtc.AddHours(3) });

        Assert.Equal("DTSTART" + expected, Assert.Single(LinesOf(ics, "DTSTART")));
        var parsed = Assert.Single(Parse(ics).Events);
        Assert.Equal(startUtc, parsed.DtStart!.AsUtc);
        Assert.Equal(startUtc.AddHours(3), parsed.DtEnd!.AsUtc);
    }

    [Fact]
    public void Both_instants_named_02_30_on_25_october_2026_survive_a_round_trip()
    {
        var first = new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc);
        var second = new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc);

        var events = Parse(Write(
            Sample with { Uid = "first", StartUtc = first, EndUtc = first.AddHours(1) },
            Sample with { Uid = "second", StartUtc = second, EndUtc = second.AddHours(1) })).Events;

        Assert.Equal(first, events.Single(e => e.Uid == "first").DtStart!.AsUtc);
        Assert.Equal(second, events.Single(e => e.Uid == "second").DtStart!.AsUtc);
    }

    [Fact]
    public void All_day_events_use_dates_with_an_exclusive_end()
    {
        // 5-6 June 2026 (summer, local midnight is 22:00 UTC) and 24 December 2026 (winter, 23:00 UTC).
        var summer = Sample with
        {
            Uid = "summer",
            AllDay = true,
            StartUtc = new DateTime(2026, 6, 4, 22, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2026, 6, 6, 22, 0, 0, DateTimeKind.Utc),
        };
        var winter = Sample with
        {
            Uid = "winter",
            AllDay = true,
            StartUtc = new DateTime(2026, 12, 23, 23, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2026, 12, 24, 23, 0, 0, DateTimeKind.Utc),
        };

        var summerIcs = Write(summer);
        Assert.Equal("DTSTART;VALUE=DATE:20260605", Assert.Single(LinesOf(summerIcs, "DTSTART")));
        Assert.Equal("DTEND;VALUE=DATE:20260607", Assert.Single(LinesOf(summerIcs, "DTEND")));

        var winterIcs = Write(winter);
        Assert.Equal("DTSTART;VALUE=DATE:20261224", Assert.Single(LinesOf(winterIcs, "DTSTART")));
        Assert.Equal("DTEND;VALUE=DATE:20261225", Assert.Single(LinesOf(winterIcs, "DTEND")));

        var parsed = Assert.Single(Parse(summerIcs).Events);
        Assert.False(parsed.DtStart!.HasTime);
        Assert.Equal(new DateTime(2026, 6, 5), parsed.DtStart.Value);
        Assert.Equal(new DateTime(2026, 6, 7), parsed.DtEnd!.Value);
    }

    [Fact]
    public void Status_follows_cancellation()
    {
        Assert.Equal("CONFIRMED", ValueOf(Write(Sample), "STATUS"));
        Assert.Equal("CANCELLED", ValueOf(Write(Sample with { Cancelled = true, Sequence = 2 }), "STATUS"));
    }

    [Fact]
    public void Weekly_series_skips_the_excluded_date_and_keeps_local_time_across_dst()
    {
        // Tuesdays at 18:00 Copenhagen time from 1 September to 3 November 2026, not 15 September.
        var series = Sample with
        {
            StartUtc = new DateTime(2026, 9, 1, 16, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2026, 9, 1, 18, 0, 0, DateTimeKind.Utc),
            Recurrence = new CalendarRecurrence(RecurrenceFrequency.Weekly, new DateOnly(2026, 11, 3), [new DateOnly(2026, 9, 15)]),
        };

        var ics = Write(series);

        Assert.Equal("DTSTART;TZID=Europe/Copenhagen:20260901T180000", Assert.Single(LinesOf(ics, "DTSTART")));
        // The end of 3 November in Copenhagen (CET) is 22:59:59 UTC.
        Assert.Equal("RRULE:FREQ=WEEKLY;UNTIL=20261103T225959Z", Assert.Single(LinesOf(ics, "RRULE")));
        Assert.Equal("EXDATE;TZID=Europe/Copenhagen:20260915T180000", Assert.Single(LinesOf(ics, "EXDATE")));

        var parsed = Assert.Single(Parse(ics).Events);
        var starts = parsed.GetOccurrences().Select(o => o.Period.StartTime.AsUtc).ToList();
        DateTime Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);
        Assert.Equal(
            [
                Utc(9, 1, 16), Utc(9, 8, 16), Utc(9, 22, 16), Utc(9, 29, 16),
                Utc(10, 6, 16), Utc(10, 13, 16), Utc(10, 20, 16),
                // After 25 October 18:00 in Copenhagen is 17:00 UTC.
                Utc(10, 27, 17), Utc(11, 3, 17),
            ],
            starts);
    }

    [Fact]
    public void Monthly_series_repeats_on_the_day_of_month()
    {
        var series = Sample with
        {
            StartUtc = new DateTime(2026, 1, 14, 17, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2026, 1, 14, 19, 0, 0, DateTimeKind.Utc),
            Recurrence = new CalendarRecurrence(
                RecurrenceFrequency.Monthly,
                new DateOnly(2026, 5, 14),
                [new DateOnly(2026, 3, 14), new DateOnly(2026, 3, 14)]),
        };

        var ics = Write(series);

        Assert.Equal("RRULE:FREQ=MONTHLY;UNTIL=20260514T215959Z", Assert.Single(LinesOf(ics, "RRULE")));
        Assert.Equal("EXDATE;TZID=Europe/Copenhagen:20260314T180000", Assert.Single(LinesOf(ics, "EXDATE")));

        var starts = Assert.Single(Parse(ics).Events).GetOccurrences().Select(o => o.Period.StartTime.AsUtc).ToList();
        Assert.Equal(
            [
                new DateTime(2026, 1, 14, 17, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 2, 14, 17, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 4, 14, 16, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 5, 14, 16, 0, 0, DateTimeKind.Utc),
            ],
            starts);
    }

    [Fact]
    public void All_day_series_use_date_values_for_until_and_exdate()
    {
        var series = Sample with
        {
            AllDay = true,
            StartUtc = new DateTime(2026, 6, 4, 22, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2026, 6, 5, 22, 0, 0, DateTimeKind.Utc),
            Recurrence = new CalendarRecurrence(RecurrenceFrequency.Weekly, new DateOnly(2026, 6, 26), [new DateOnly(2026, 6, 12)]),
        };

        var ics = Write(series);

        Assert.Equal("RRULE:FREQ=WEEKLY;UNTIL=20260626", Assert.Single(LinesOf(ics, "RRULE")));
        Assert.Equal("EXDATE;VALUE=DATE:20260612", Assert.Single(LinesOf(ics, "EXDATE")));
        var dates = Assert.Single(Parse(ics).Events).GetOccurrences().Select(o => o.Period.StartTime.Value).ToList();
        Assert.Equal([new DateTime(2026, 6, 5), new DateTime(2026, 6, 19), new DateTime(2026, 6, 26)], dates);
    }

    [Fact]
    public void Ical_net_reads_back_the_same_events()
    {
        var events = new[]
        {
            Sample with { Uid = "winter", StartUtc = new DateTime(2026, 1, 20, 17, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 1, 20, 19, 0, 0, DateTimeKind.Utc) },
            Sample with { Uid = "summer", StartUtc = new DateTime(2026, 7, 1, 8, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc) },
            Sample with { Uid = "cancelled", Cancelled = true, Sequence = 4, StartUtc = new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 10, 25, 3, 0, 0, DateTimeKind.Utc) },
            Sample with
            {
                Uid = "weekly",
                StartUtc = new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc),
                EndUtc = new DateTime(2026, 3, 3, 18, 0, 0, DateTimeKind.Utc),
                Recurrence = new CalendarRecurrence(RecurrenceFrequency.Weekly, new DateOnly(2026, 4, 7), [new DateOnly(2026, 3, 17)]),
            },
        };

        var calendar = Parse(Write(events));

        Assert.Equal(events.Length, calendar.Events.Count);
        Assert.Single(calendar.TimeZones);
        foreach (var expected in events)
        {
            var parsed = calendar.Events.Single(e => e.Uid == expected.Uid);
            Assert.Equal(expected.StartUtc, parsed.DtStart!.AsUtc);
            Assert.Equal(expected.EndUtc, parsed.DtEnd!.AsUtc);
            Assert.Equal(expected.Summary, parsed.Summary);
            Assert.Equal(expected.Location, parsed.Location);
            Assert.Equal(expected.Sequence, parsed.Sequence);
            Assert.Equal(expected.Cancelled ? "CANCELLED" : "CONFIRMED", parsed.Status);
        }

        var weekly = calendar.Events.Single(e => e.Uid == "weekly").GetOccurrences().Select(o => o.Period.StartTime.AsUtc).ToList();
        // 18:00 in Copenhagen: 17:00 UTC until 29 March, 16:00 UTC after; 17 March skipped.
        Assert.Equal(
            [
                new DateTime(2026, 3, 3, 17, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 3, 10, 17, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 3, 24, 17, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 3, 31, 16, 0, 0, DateTimeKind.Utc),
                new DateTime(2026, 4, 7, 16, 0, 0, DateTimeKind.Utc),
            ],
            weekly);
    }
}
