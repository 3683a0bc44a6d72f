using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Events;

/// <summary>
/// Something to go to: a march, a shared meal, a weekly café. Its rules (what a valid event is, which
/// status changes are allowed, which dates it happens on) live here; pages call them.
/// </summary>
public sealed class Event
{
    public const int MaxOccurrences = 104;

    private Event()
    {
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public EventStatus Status { get; private set; }
    public EventDetails Details { get; private set; } = null!;

    /// <summary>Why the organiser cancelled, shown to the public.</summary>
    public string? CancellationMessage { get; private set; }

    /// <summary>What the editor said when rejecting or asking for changes, shown to the association.</summary>
    public string? ModerationNote { get; private set; }

    /// <summary>
    /// Changes an association made to a published event, waiting for an editor; the public keeps seeing
    /// <see cref="Details"/> until they are approved. JSON of <see cref="EventDetails"/>.
    /// </summary>
    public string? PendingDetails { get; private set; }

    public bool HasPendingChanges => PendingDetails is not null;

    /// <summary>Raised each time the public version changes, so calendars that subscribed pick up the change (iCal SEQUENCE).</summary>
    public int Sequence { get; private set; }

    /// <summary>Raised by every save; a save based on an older revision is refused.</summary>
    public int Revision { get; private set; }

    public bool IsDemo { get; private set; }

    /// <summary>The association that posted it; null for events made by editors or demo data.</summary>
    public Guid? AssociationId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? PublishedAt { get; private set; }

    /// <summary>Picked by the editors (the main march, the week-45 meals): shown above the calendar's list.</summary>
    public bool IsFeatured { get; private set; }

    public List<EventOccurrence> Occurrences { get; private set; } = [];

    /// <summary>Shown in the public listing, page, feeds and API.</summary>
    public bool IsPublic => Status is EventStatus.Published or EventStatus.Cancelled;

    public static Event Create(Guid id, string slug, EventDetails details, DateTime now, bool isDemo = false, Guid? associationId = null)
    {
        EnsureValid(details);
        var evt = new Event
        {
            Id = id,
            Slug = slug,
            Status = EventStatus.Draft,
            Details = details,
            IsDemo = isDemo,
            AssociationId = associationId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        evt.RebuildOccurrences();
        return evt;
    }

    /// <summary>
    /// An association's new event: a draft, or sent on as <see cref="SaveByOrganiser"/> decides. Refused before anything
    /// is made if the association may not send events at all.
    /// </summary>
    public static (Event Event, OrganiserOutcome Outcome) CreateByOrganiser(Guid id, string slug, EventDetails details, Guid associationId, bool send, OrganiserStanding standing, DateTime now)
    {
        RefuseRejected(standing, send);
        var evt = Create(id, slug, details, now, associationId: associationId);
        return (evt, send ? evt.Send(standing, now) : OrganiserOutcome.Draft);
    }

    /// <summary>
    /// What an association's "save" means for this event, decided in one place: a draft is saved or sent for review
    /// (published at once for a trusted association), a pending event is updated while it waits, and a change to a
    /// published event is put aside for an editor unless the association is trusted. A rejected association may
    /// keep drafts but send nothing to the calendar or to the editors.
    /// </summary>
    public OrganiserOutcome SaveByOrganiser(EventDetails details, int revision, bool send, OrganiserStanding standing, DateTime now)
    {
        EnsureRevision(revision);
        RefuseRejected(standing, send || Status is EventStatus.Pending or EventStatus.Published);
        if (Status == EventStatus.Published && standing != OrganiserStanding.Trusted)
        {
            ProposeChanges(details, now);
            return OrganiserOutcome.ChangesProposed;
        }

        Update(details, now);
        if (send && Status is EventStatus.Draft or EventStatus.Rejected)
        {
            return Send(standing, now);
        }

        return Status switch
        {
            EventStatus.Published => OrganiserOutcome.Published,
            EventStatus.Pending => OrganiserOutcome.AwaitingReview,
            _ => OrganiserOutcome.Draft,
        };
    }

    private OrganiserOutcome Send(OrganiserStanding standing, DateTime now)
    {
        if (Occurrences.Count > 0 && Occurrences.Max(o => o.EndUtc) <= now)
        {
            throw new EventRuleException("Arrangementet er allerede overstået, så det kan ikke sendes til kalenderen. Vælg en ny dato.");
        }

        Submit(now);
        if (standing != OrganiserStanding.Trusted)
        {
            return OrganiserOutcome.SentForReview;
        }

        Publish(now);
        return OrganiserOutcome.Published;
    }

    private static void RefuseRejected(OrganiserStanding standing, bool reachesEditors)
    {
        if (standing == OrganiserStanding.Rejected && reachesEditors)
        {
            throw new EventRuleException("Jeres forening er ikke godkendt af redaktionen, så I kan ikke sende arrangementer til kalenderen. I kan stadig gemme kladder. Skriv til redaktionen, hvis I mener, det er en fejl.");
        }
    }

    /// <summary>An event the ministry's own editors make (a national event): live at once, with no moderation in between.</summary>
    public static Event CreateByStaff(Guid id, string slug, EventDetails details, DateTime now)
    {
        var evt = Create(id, slug, details, now);
        evt.Publish(now);
        return evt;
    }

    /// <summary>
    /// An editor's edit, which needs no moderation: it goes straight to what the public sees, and any change an
    /// association proposed meanwhile is set aside by it. An event still waiting for review keeps waiting.
    /// </summary>
    public void SaveByStaff(EventDetails details, int revision, DateTime now)
    {
        EnsureRevision(revision);
        PendingDetails = null;
        Update(details, now);
    }

    public void Feature(bool featured, DateTime now)
    {
        if (featured && Status != EventStatus.Published)
        {
            throw new EventRuleException("Kun offentliggjorte arrangementer kan fremhæves.");
        }

        IsFeatured = featured;
        UpdatedAt = now;
        Revision++;
    }

    public void Update(EventDetails details, DateTime now)
    {
        EnsureValid(details);
        if (Status == EventStatus.Cancelled)
        {
            throw new EventRuleException("Et aflyst arrangement kan ikke ændres.");
        }

        Details = details;
        Changed(now, publicChange: IsPublic);
        RebuildOccurrences();
    }

    public void Submit(DateTime now)
    {
        MoveTo(EventStatus.Pending, now, from: [EventStatus.Draft, EventStatus.Rejected]);
        ModerationNote = null;
    }

    public void Publish(DateTime now)
    {
        MoveTo(EventStatus.Published, now, from: [EventStatus.Draft, EventStatus.Pending]);
        PublishedAt ??= now;
    }

    public void Reject(string reason, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new EventRuleException("Skriv en begrundelse, som arrangøren kan forstå.");
        }

        MoveTo(EventStatus.Rejected, now, from: [EventStatus.Pending]);
        ModerationNote = reason.Trim();
    }

    /// <summary>Sends a pending event back to the association as a draft, with what to change.</summary>
    public void RequestChanges(string note, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new EventRuleException("Skriv hvad arrangøren skal ændre.");
        }

        MoveTo(EventStatus.Draft, now, from: [EventStatus.Pending]);
        ModerationNote = note.Trim();
    }

    /// <summary>An untrusted association's edit of a published event: kept aside until an editor approves it.</summary>
    public void ProposeChanges(EventDetails details, DateTime now)
    {
        EnsureValid(details);
        if (Status != EventStatus.Published)
        {
            throw new EventRuleException("Kun offentliggjorte arrangementer har ændringer, der venter på godkendelse.");
        }

        PendingDetails = System.Text.Json.JsonSerializer.Serialize(details);
        UpdatedAt = now;
        Revision++;
    }

    public EventDetails? ProposedDetails => PendingDetails is null ? null : System.Text.Json.JsonSerializer.Deserialize<EventDetails>(PendingDetails);

    public void ApproveChanges(DateTime now)
    {
        var details = ProposedDetails ?? throw new EventRuleException("Der er ingen ændringer at godkende.");
        PendingDetails = null;
        ModerationNote = null;
        Update(details, now);
    }

    public void RejectChanges(string reason, DateTime now)
    {
        if (PendingDetails is null)
        {
            throw new EventRuleException("Der er ingen ændringer at afvise.");
        }

        PendingDetails = null;
        ModerationNote = string.IsNullOrWhiteSpace(reason) ? throw new EventRuleException("Skriv en begrundelse, som arrangøren kan forstå.") : reason.Trim();
        UpdatedAt = now;
        Revision++;
    }

    public void Cancel(string message, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new EventRuleException("Skriv en kort besked til deltagerne om aflysningen.");
        }

        MoveTo(EventStatus.Cancelled, now, from: [EventStatus.Published]);
        CancellationMessage = message.Trim();
    }

    public void EnsureRevision(int expected)
    {
        if (expected != Revision)
        {
            throw new EventRuleException("Arrangementet er blevet ændret af en anden, mens du redigerede. Hent den nyeste udgave og prøv igen.");
        }
    }

    private void MoveTo(EventStatus status, DateTime now, EventStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new EventRuleException($"Et arrangement med status \"{EventTexts.Status(Status)}\" kan ikke få status \"{EventTexts.Status(status)}\".");
        }

        var wasPublic = IsPublic;
        Status = status;
        Changed(now, publicChange: wasPublic || IsPublic);
        RebuildOccurrences();
    }

    private void Changed(DateTime now, bool publicChange)
    {
        UpdatedAt = now;
        Revision++;
        if (publicChange)
        {
            Sequence++;
        }
    }

    private static void EnsureValid(EventDetails details)
    {
        var errors = details.Validate();
        if (errors.Count > 0)
        {
            throw new EventValidationException(errors);
        }
    }

    /// <summary>The dates it happens on, each a row, so the listing can filter and page with plain indexed queries.</summary>
    private void RebuildOccurrences()
    {
        Occurrences.Clear();
        foreach (var (start, end) in Details.Dates())
        {
            Occurrences.Add(new EventOccurrence
            {
                Id = Guid.NewGuid(),
                EventId = Id,
                StartUtc = start,
                EndUtc = end,
                MunicipalityCode = Details.MunicipalityCode,
                RegionCode = Details.RegionCode,
                SeriesKey = Details.SeriesKey,
                TargetGroups = Details.TargetGroups,
                IsPublic = IsPublic,
            });
        }
    }
}

/// <summary>
/// One date of an event, with copies of the fields the listing filters on. Rebuilt by the event whenever
/// its dates, place, series, target groups or status change.
/// </summary>
public sealed class EventOccurrence
{
    /// <summary>A row of its own, so that rebuilding an event's dates replaces rows rather than re-keying them.</summary>
    public Guid Id { get; init; }

    public Guid EventId { get; init; }
    public DateTime StartUtc { get; init; }
    public DateTime EndUtc { get; init; }
    public int MunicipalityCode { get; init; }
    public int RegionCode { get; init; }
    public Guid? SeriesKey { get; init; }
    public TargetGroups TargetGroups { get; init; }
    public bool IsPublic { get; init; }
}

public sealed class EventRuleException(string message) : Exception(message);

public sealed class EventValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    /// <summary>Danish messages by field name.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> evt)
    {
        evt.ToTable("Events");
        evt.HasKey(e => e.Id);
        evt.Property(e => e.Id).ValueGeneratedNever();
        evt.Property(e => e.Slug).HasMaxLength(120);
        evt.HasIndex(e => e.Slug).IsUnique();
        evt.HasIndex(e => new { e.AssociationId, e.Status });
        evt.Property(e => e.CancellationMessage).HasMaxLength(500);
        evt.Property(e => e.Revision).IsConcurrencyToken();
        evt.Ignore(e => e.IsPublic);
        evt.Ignore(e => e.HasPendingChanges);
        evt.Ignore(e => e.ProposedDetails);
        evt.Property(e => e.ModerationNote).HasMaxLength(1000);
        evt.OwnsOne(e => e.Details, d =>
        {
            // Flat columns named as the properties; the owned type only groups what an editor fills in.
            foreach (var property in typeof(EventDetails).GetProperties().Where(p => p.CanWrite))
            {
                d.Property(property.Name).HasColumnName(property.Name);
            }

            d.Property(x => x.Title).HasMaxLength(120);
            d.Property(x => x.Summary).HasMaxLength(300);
            d.Property(x => x.Description).HasMaxLength(8000);
            d.Property(x => x.VenueName).HasMaxLength(120);
            d.Property(x => x.StreetAddress).HasMaxLength(160);
            d.Property(x => x.PostalCode).HasMaxLength(4);
            d.Property(x => x.City).HasMaxLength(80);
            d.Property(x => x.OnlineUrl).HasMaxLength(500);
            d.Property(x => x.ImageUrl).HasMaxLength(500);
            d.Property(x => x.ImageAlt).HasMaxLength(300);
            d.Property(x => x.AccessibilityNote).HasMaxLength(500);
            d.Property(x => x.PriceNote).HasMaxLength(200);
            d.Property(x => x.JoinDetail).HasMaxLength(300);
            d.Property(x => x.OrganiserName).HasMaxLength(160);
            d.Property(x => x.OrganiserUrl).HasMaxLength(500);
            d.Property(x => x.SkippedDates).HasMaxLength(2000);
            d.Property(x => x.PriceDkk).HasPrecision(10, 2);
        });
        evt.Navigation(e => e.Details).IsRequired();
        evt.HasMany(e => e.Occurrences).WithOne().HasForeignKey(o => o.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventOccurrenceConfiguration : IEntityTypeConfiguration<EventOccurrence>
{
    public void Configure(EntityTypeBuilder<EventOccurrence> occurrence)
    {
        occurrence.ToTable("EventOccurrences");
        occurrence.HasKey(o => o.Id);
        occurrence.Property(o => o.Id).ValueGeneratedNever();
        occurrence.HasIndex(o => o.EventId);
        // Covering indexes: see the migration EventsAndSearch.
        occurrence.HasIndex(o => new { o.IsPublic, o.StartUtc, o.EndUtc, o.TargetGroups, o.EventId }).HasDatabaseName("IX_EventOccurrences_IsPublic_StartUtc");
        occurrence.HasIndex(o => new { o.MunicipalityCode, o.StartUtc, o.EndUtc, o.IsPublic, o.TargetGroups, o.EventId }).HasDatabaseName("IX_EventOccurrences_MunicipalityCode_StartUtc");
        occurrence.HasIndex(o => new { o.RegionCode, o.StartUtc, o.EndUtc, o.IsPublic, o.TargetGroups, o.EventId }).HasDatabaseName("IX_EventOccurrences_RegionCode_StartUtc");
        occurrence.HasIndex(o => new { o.SeriesKey, o.StartUtc, o.EndUtc, o.IsPublic, o.TargetGroups, o.EventId }).HasDatabaseName("IX_EventOccurrences_SeriesKey_StartUtc");
    }
}
