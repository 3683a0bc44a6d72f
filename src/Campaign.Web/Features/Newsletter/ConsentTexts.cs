namespace Campaign.Web.Features.Newsletter;

/// <summary>One wording of the newsletter consent, as the signup form showed it.</summary>
public sealed record ConsentText(string Version, string Text);

/// <summary>
/// Every wording of the consent that the signup form has ever shown. A wording is never edited once it has been
/// live: a new wording gets a new version (year-month) and becomes <see cref="Current"/>, and the old one stays
/// here, so each <see cref="ConsentRecord"/> can be read back exactly as the subscriber saw it.
/// </summary>
public static class ConsentTexts
{
    public static readonly ConsentText V2026_11 = new(
        "2026-11",
        "Ja tak, send mig nyhedsbrevet fra Tal om ensomhed på e-mail om de emner, jeg har valgt. " +
        "Social- og Boligstyrelsen gemmer min e-mailadresse, mit navn, hvis jeg har skrevet det, mine valg, min kommune, " +
        "hvis jeg vil have nyt om arrangementer i min kommune, og hvornår og fra hvilken side jeg tilmeldte mig. " +
        "Oplysningerne bruges kun til at sende nyhedsbrevet. Jeg kan altid afmelde mig med linket i hver mail; " +
        "så sletter Social- og Boligstyrelsen oplysningerne senest 30 dage efter.");

    public static ConsentText Current => V2026_11;

    public static IReadOnlyList<ConsentText> All { get; } = [V2026_11];

    /// <summary>The wording with this version, or null when there is none (a forged or mistyped form field).</summary>
    public static ConsentText? Find(string? version) => All.FirstOrDefault(t => t.Version == version);
}
