namespace Campaign.Web.Features.Events;

public enum EventStatus
{
    Draft,
    Pending,
    Published,
    Cancelled,
    Rejected,
}

/// <summary>How far the association behind an event is trusted with the calendar.</summary>
public enum OrganiserStanding
{
    /// <summary>Its events wait for an editor (a new or an approved association).</summary>
    NeedsReview,

    /// <summary>Its events go live at once.</summary>
    Trusted,

    /// <summary>Turned down by an editor: it may keep drafts but send nothing.</summary>
    Rejected,
}

/// <summary>What an organiser's save ended as, for the message and the mail to the editors.</summary>
public enum OrganiserOutcome
{
    Draft,
    SentForReview,

    /// <summary>A pending event was changed while it waits.</summary>
    AwaitingReview,
    ChangesProposed,
    Published,
}

[Flags]
public enum TargetGroups
{
    None = 0,
    Children = 1,
    Youth = 2,
    Adults = 4,
    Elderly = 8,
    Everyone = 16,
}

[Flags]
public enum AccessibilityFeatures
{
    None = 0,
    Wheelchair = 1,
    HearingLoop = 2,
    AccessibleToilet = 4,
    SignLanguage = 8,
    StepFree = 16,
    Parking = 32,
}

public enum JoinMethod
{
    NoSignup,
    Link,
    Email,
    Phone,
}

public enum Repeat
{
    None,
    Weekly,
    Monthly,
}

/// <summary>The Danish words for the enums, in one place, for pages, filters, feeds and the API.</summary>
public static class EventTexts
{
    public static readonly IReadOnlyList<(TargetGroups Value, string Slug, string Label)> TargetGroupList =
    [
        (TargetGroups.Children, "boern", "Børn"),
        (TargetGroups.Youth, "unge", "Unge"),
        (TargetGroups.Adults, "voksne", "Voksne"),
        (TargetGroups.Elderly, "aeldre", "Ældre"),
        (TargetGroups.Everyone, "alle", "Alle"),
    ];

    public static readonly IReadOnlyList<(AccessibilityFeatures Value, string Label)> AccessibilityList =
    [
        (AccessibilityFeatures.Wheelchair, "Kørestolsvenligt"),
        (AccessibilityFeatures.StepFree, "Niveaufri adgang"),
        (AccessibilityFeatures.AccessibleToilet, "Handicaptoilet"),
        (AccessibilityFeatures.HearingLoop, "Høreslynge"),
        (AccessibilityFeatures.SignLanguage, "Tegnsprogstolkning"),
        (AccessibilityFeatures.Parking, "Handicapparkering tæt ved"),
    ];

    public static IEnumerable<string> Labels(TargetGroups groups) =>
        TargetGroupList.Where(t => groups.HasFlag(t.Value)).Select(t => t.Label);

    public static IEnumerable<string> Slugs(TargetGroups groups) =>
        TargetGroupList.Where(t => groups.HasFlag(t.Value)).Select(t => t.Slug);

    public static IEnumerable<string> Labels(AccessibilityFeatures features) =>
        AccessibilityList.Where(a => features.HasFlag(a.Value)).Select(a => a.Label);

    public static string Status(EventStatus status) => status switch
    {
        EventStatus.Draft => "Kladde",
        EventStatus.Pending => "Afventer godkendelse",
        EventStatus.Published => "Offentliggjort",
        EventStatus.Cancelled => "Aflyst",
        EventStatus.Rejected => "Afvist",
        _ => status.ToString(),
    };
}
