using Campaign.Web.Data;
using Campaign.Web.Features.Places;
using Campaign.Web.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Events;

/// <summary>
/// Demo events for a lively development site (Seed:DemoData): several hundred plausible Danish events over the
/// coming months in most municipalities, in both series and outside them. The same seed gives the same events
/// for the same start day.
/// </summary>
public sealed class DemoEvents(CampaignDb db, SearchIndexer indexer, EventStore eventStore, TimeProvider clock, ILogger<DemoEvents> log)
{
    public static readonly Guid MarchSeries = Guid.Parse("5f0c1d52-8a8e-4c3e-9d6b-2f7a4e1c9b01");
    public static readonly Guid MealSeries = Guid.Parse("7b2e9a14-3c6d-4f58-a1e0-6d9c8b4f2a02");

    private static readonly string[] Venues = ["Biblioteket", "Kulturhuset", "Medborgerhuset", "Frivilligcenteret", "Sognegården", "Aktivitetscentret", "Borgerhuset", "Forsamlingshuset"];
    private static readonly string[] Streets = ["Hovedgaden", "Skolevej", "Kirkevej", "Stationsvej", "Torvet", "Søndergade", "Nørregade", "Vestergade", "Østergade", "Bygaden"];
    private static readonly string[] Organisers = ["Frivilligcenter {0}", "Ældre Sagen {0}", "Røde Kors {0}", "{0} Bibliotek", "Foreningen Nabofællesskab {0}", "{0} Kommune"];

    private static readonly (string Title, string Summary, string Description, TargetGroups Groups, TimeOnly From, TimeOnly To)[] Local =
    [
        ("Strikkecafé for alle", "Tag dit strikketøj med, eller lær det af os. Kaffen er klar.", "Vi mødes over strikkepindene og en kop kaffe. Du behøver ikke at kunne strikke – vi hjælper gerne i gang.\n\nKom som du er, og bliv så længe du vil.", TargetGroups.Everyone, new(10, 0), new(12, 0)),
        ("Gåklub: en tur rundt om søen", "En rolig gåtur på cirka 5 km med snak undervejs.", "Vi går i et roligt tempo, så alle kan følge med. Turen slutter med kaffe for dem, der har lyst.\n\nMødested ved indgangen.", TargetGroups.Adults | TargetGroups.Elderly, new(10, 0), new(11, 30)),
        ("Mænds Mødested: kaffe og værksted", "Et fællesskab for mænd, hvor vi hygger, snakker og skruer.", "Mænds Mødested er et sted, hvor mænd kan mødes om en kop kaffe, et projekt i værkstedet eller bare en snak.\n\nAlle mænd er velkomne – også hvis du aldrig har været her før.", TargetGroups.Adults | TargetGroups.Elderly, new(13, 0), new(15, 0)),
        ("Brætspilsaften", "Spil, snacks og nye bekendtskaber. Vi har spillene.", "Vi finder spillene frem og sætter jer sammen ved bordene. Det er nemt at være ny, for der er altid nogen, der forklarer reglerne.", TargetGroups.Youth | TargetGroups.Adults, new(19, 0), new(21, 30)),
        ("Fredagscafé for unge", "Et frirum for unge mellem 15 og 25 år. Ingen tilmelding.", "Kom forbi til en sodavand, musik og snak. Der er voksne frivillige til stede, hvis du har brug for at tale med nogen.", TargetGroups.Youth, new(16, 0), new(19, 0)),
        ("Seniorfrokost i fællesskab", "Et lækkert måltid og godt selskab midt på dagen.", "Vi spiser sammen ved lange borde. Maden laves af frivillige, og der er altid plads til en mere.\n\nSig til, hvis du har brug for hjælp til transport.", TargetGroups.Elderly, new(12, 0), new(14, 0)),
        ("Fællessang", "Vi synger fra Højskolesangbogen. Alle kan synge med.", "Sangen binder os sammen. Vi synger kendte og mindre kendte sange, og der er kaffe i pausen.", TargetGroups.Everyone, new(14, 0), new(15, 30)),
        ("Morgenmad for nye i byen", "Er du lige flyttet hertil? Mød andre, der også er nye.", "Det kan være svært at finde sine folk i en ny by. Over morgenmaden fortæller vi om foreninger og fællesskaber i kommunen.", TargetGroups.Adults, new(9, 0), new(10, 30)),
        ("Legestue for forældre på barsel", "Leg for de små og snak for de store.", "Barsel kan være ensomt. Her kan du møde andre forældre, mens børnene leger.", TargetGroups.Adults | TargetGroups.Children, new(10, 0), new(12, 0)),
        ("Havefællesskab: vi sår og høster sammen", "Fælles have, hvor alle kan være med – også uden grønne fingre.", "Vi passer den fælles have og deler høsten. Der er redskaber og handsker til alle.", TargetGroups.Everyone, new(16, 0), new(18, 0)),
        ("Sorggruppe: når man har mistet", "En lille gruppe for voksne, der har mistet en nærtstående.", "Vi mødes i en lille, fast gruppe med en erfaren frivillig. Tilmelding er nødvendig, så vi kan tage godt imod dig.", TargetGroups.Adults | TargetGroups.Elderly, new(17, 0), new(19, 0)),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Events.AnyAsync(e => e.IsDemo, ct))
        {
            return;
        }

        var events = Build(CopenhagenTime.Today(clock), clock.GetUtcNow().UtcDateTime);
        db.Events.AddRange(events);
        await db.SaveChangesAsync(ct);
        await indexer.IndexEventsAsync(events.Select(evt => (evt, SeriesName(evt.Details.SeriesKey))), ct);
        await eventStore.EvictAsync(ct);
        log.LogInformation("Demo data: {Count} events in {Municipalities} municipalities", events.Count, events.Select(e => e.Details.MunicipalityCode).Distinct().Count());
    }

    private static string? SeriesName(Guid? key) =>
        key == MarchSeries ? "March mod Ensomhed" : key == MealSeries ? "Danmark Spiser Sammen" : null;

    /// <summary>The demo events for a start day; pure, so tests and the benchmark can build as many as they like.</summary>
    public static List<Event> Build(DateOnly today, DateTime nowUtc, int count = 360, int seed = 2026)
    {
        var random = new Random(seed);
        var places = Places.Geography.Denmark;
        var municipalities = places.Municipalities;
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<Event>(count);
        for (var i = 0; i < count; i++)
        {
            // Walk the municipalities in turn so nearly all get events; Rødovre and Odsherred get a few extra.
            var municipality = i % 11 == 0 ? places.Municipality(i % 2 == 0 ? 175 : 306)! : municipalities[(i * 37) % municipalities.Count];
            var districts = places.DistrictsIn(municipality.Code);
            var district = districts[random.Next(districts.Count)];
            var town = district.Name.Split(' ')[0] == "København" ? municipality.Name : district.Name;
            var kind = random.Next(100);
            var day = today.AddDays(1 + random.Next(120));
            EventDetails details;
            if (kind < 20)
            {
                details = March(random, municipality, district, town, day);
            }
            else if (kind < 38)
            {
                details = Meal(random, municipality, district, town, day);
            }
            else
            {
                details = LocalEvent(random, municipality, district, town, day);
            }

            var slug = Unique(slugs, Content.UrlSegment.From(details.Title));
            var id = new Guid(random.NextBytes16());
            var evt = Event.Create(id, slug, details, nowUtc, isDemo: true);
            evt.Publish(nowUtc);
            if (random.Next(100) < 3)
            {
                evt.Cancel("Vi må desværre aflyse på grund af sygdom blandt arrangørerne. Vi håber at se dig næste gang.", nowUtc);
            }

            events.Add(evt);
        }

        return events;
    }

    private static EventDetails March(Random random, Municipality m, PostalDistrict d, string town, DateOnly day)
    {
        var start = new TimeOnly(random.Next(2) == 0 ? 10 : 14, 0);
        var organiser = m.Code == 306 ? "Foreningen Fritidsborger Asnæs" : string.Format(Organisers[random.Next(3)], town);
        return Base(random, m, d, day, start, start.AddHours(2)) with
        {
            Title = $"March mod Ensomhed i {town}",
            Summary = $"Gå med, når {town} går sammen mod ensomhed. Alle er velkomne, og du behøver ikke at tilmelde dig.",
            Description = $"Vi mødes ved indgangen og går en rute på cirka 3 km gennem {town}. Undervejs er der en pause med kaffe og en kort tale om, hvorfor vi skal tale mere om ensomhed.\n\n**Tag gerne en med**, som du ved kunne have glæde af at komme ud.",
            SeriesKey = MarchSeries,
            VenueName = "Mødested ved " + Venues[random.Next(Venues.Length)].ToLowerInvariant(),
            TargetGroups = TargetGroups.Everyone,
            OrganiserName = organiser,
            JoinMethod = JoinMethod.NoSignup,
            JoinDetail = null,
            PriceDkk = null,
        };
    }

    private static EventDetails Meal(Random random, Municipality m, PostalDistrict d, string town, DateOnly day)
    {
        var venue = Venues[random.Next(Venues.Length)];
        var paid = random.Next(3) == 0;
        return Base(random, m, d, day, new TimeOnly(17, 30), new TimeOnly(20, 0)) with
        {
            Title = $"Danmark Spiser Sammen: fællesspisning i {venue.ToLowerInvariant()} i {town}",
            Summary = "Kom og spis med. Vi dækker op til lange borde, og der er altid plads til en mere.",
            Description = $"Frivillige laver maden, og vi spiser sammen i {venue.ToLowerInvariant()}. Der er både kød og vegetar.\n\nTilmeld dig, så vi ved, hvor mange vi bliver.",
            SeriesKey = MealSeries,
            VenueName = venue,
            TargetGroups = TargetGroups.Everyone,
            PriceDkk = paid ? 40 : null,
            PriceNote = paid ? "børn spiser gratis" : null,
            JoinMethod = JoinMethod.Email,
            JoinDetail = "tilmelding@example.org",
        };
    }

    private static EventDetails LocalEvent(Random random, Municipality m, PostalDistrict d, string town, DateOnly day)
    {
        var template = Local[random.Next(Local.Length)];
        var online = random.Next(25) == 0;
        var repeat = random.Next(100) switch { < 15 => Repeat.Weekly, < 20 => Repeat.Monthly, _ => Repeat.None };
        var join = template.Title.StartsWith("Sorg", StringComparison.Ordinal) ? JoinMethod.Phone : random.Next(10) == 0 ? JoinMethod.Link : JoinMethod.NoSignup;
        return Base(random, m, d, day, template.From, template.To) with
        {
            Title = online ? $"Online: {template.Title.ToLowerInvariant()}" : $"{template.Title} i {town}",
            Summary = template.Summary,
            Description = template.Description,
            TargetGroups = template.Groups,
            IsOnline = online,
            OnlineUrl = online ? "https://example.org/moede" : null,
            Repeat = repeat,
            RepeatUntil = repeat == Repeat.None ? null : day.AddDays(repeat == Repeat.Weekly ? 7 * (4 + random.Next(8)) : 31 * (2 + random.Next(3))),
            SkippedDates = repeat == Repeat.Weekly && random.Next(3) == 0 ? day.AddDays(14).ToString("yyyy-MM-dd") : null,
            PriceDkk = random.Next(6) == 0 ? 25 : null,
            JoinMethod = join,
            JoinDetail = join switch { JoinMethod.Phone => "12 34 56 78", JoinMethod.Link => "https://example.org/tilmelding", _ => null },
        };
    }

    private static EventDetails Base(Random random, Municipality m, PostalDistrict d, DateOnly day, TimeOnly from, TimeOnly to)
    {
        var accessibility = AccessibilityFeatures.None;
        foreach (var (value, _) in EventTexts.AccessibilityList)
        {
            if (random.Next(3) == 0)
            {
                accessibility |= value;
            }
        }

        var town = d.Name;
        return new EventDetails
        {
            StartUtc = CopenhagenTime.ToUtc(day, from) ?? CopenhagenTime.StartOfDay(day),
            EndUtc = CopenhagenTime.ToUtc(day, to) ?? CopenhagenTime.StartOfDay(day.AddDays(1)),
            VenueName = Venues[random.Next(Venues.Length)],
            StreetAddress = $"{Streets[random.Next(Streets.Length)]} {1 + random.Next(80)}",
            PostalCode = d.Code,
            City = town,
            Accessibility = accessibility,
            OrganiserName = string.Format(Organisers[random.Next(Organisers.Length)], m.Name),
            Description = "",
            Title = "",
        }.WithMunicipality(m.Code);
    }

    private static string Unique(HashSet<string> taken, string slug)
    {
        var candidate = slug;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }
}

internal static class RandomExtensions
{
    public static byte[] NextBytes16(this Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return bytes;
    }
}
