namespace Campaign.Web.Content.Blocks;

/// <summary>
/// The newsletter signup form on a content page. It posts to /nyhedsbrev, which records this page as where the
/// consent was given; the form carries no cookie or antiforgery token, so the page stays cacheable.
/// </summary>
public sealed record NewsletterSignupBlock(string? Heading = null, string? Text = null) : Block, IBlockType
{
    public const string DefaultHeading = "Få nyhedsbrevet";
    public const string DefaultText = "Kampagnenyt, arrangementer i din kommune og ny viden om ensomhed – du vælger selv. Du kan altid afmelde dig igen.";

    public static string DisplayName => "Tilmelding til nyhedsbrev";

    public static string Description => "En tilmelding til nyhedsbrevet direkte på siden.";

    public static string Icon => "mail";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift", $"Valgfri. Tom: \"{DefaultHeading}\"."),
        BlockField.Multiline("text", "Tekst", "Valgfri. Tom: en kort tekst om, hvad nyhedsbrevet indeholder."),
    ];

    /// <summary>A signup form in a mail to people who are already subscribed makes no sense.</summary>
    public static bool InNewsletter => false;

    public override IEnumerable<string> Validate()
    {
        if (Heading is { Length: > 120 })
        {
            yield return "Overskriften må højst være 120 tegn.";
        }

        if (Text is { Length: > 500 })
        {
            yield return "Teksten må højst være 500 tegn.";
        }
    }
}
