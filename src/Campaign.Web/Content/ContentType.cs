using System.Globalization;

namespace Campaign.Web.Content;

public enum PropertyEditor
{
    Text,
    TextArea,
    Date,
    Choice,
}

/// <summary>One field of a content type, with what an editor must respect.</summary>
/// <param name="Check">A rule of its own for a non-empty value (an e-mail address, a link): a Danish message, or null when the value is fine.</param>
public sealed record PropertyType(string Alias, string Label, PropertyEditor Editor = PropertyEditor.Text, bool Required = false, int MaxLength = 500, string? Help = null, IReadOnlyDictionary<string, string>? Choices = null, Func<string, string?>? Check = null)
{
    /// <summary>A Danish message for what is wrong, or null. A draft may leave required fields empty; publishing may not.</summary>
    public string? Validate(string? value, bool publishing = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Required && publishing ? $"Udfyld feltet \"{Label}\"." : null;
        }

        if (value.Length > MaxLength)
        {
            return $"\"{Label}\" må højst være {MaxLength} tegn (nu {value.Length}).";
        }

        if (Setup.PlainText.Check(value, multiLine: Editor == PropertyEditor.TextArea) is { } control)
        {
            return $"\"{Label}\": {control}";
        }

        return Editor switch
        {
            PropertyEditor.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                => $"\"{Label}\" skal være en dato som 2026-03-14.",
            // A long list (such as the 98 municipalities) would drown the message; the editor picks from it anyway.
            PropertyEditor.Choice when Choices is { Count: > 12 } && !Choices.ContainsKey(value)
                => $"\"{Label}\": \"{(value.Length > 40 ? value[..40] + "…" : value)}\" er ikke en af de mulige værdier.",
            PropertyEditor.Choice when Choices is not null && !Choices.ContainsKey(value)
                => $"\"{Label}\" skal være en af: {string.Join(", ", Choices.Values)}.",
            _ => Check?.Invoke(value),
        };
    }
}

/// <summary>
/// A kind of page. Types are code: a developer adds one here with its properties, the child types it
/// allows and the template (Content/Templates/{Alias}.cshtml) that shows it.
/// </summary>
public sealed record ContentType(string Alias, string Name, IReadOnlyList<PropertyType> Properties, IReadOnlyList<string> AllowedChildren, bool AllowedAtRoot = false)
{
    public string Template => $"~/Content/Templates/{char.ToUpperInvariant(Alias[0])}{Alias[1..]}.cshtml";

    public IEnumerable<string> Validate(ContentData data, bool publishing = true)
    {
        foreach (var alias in data.Properties.Keys.Where(k => Properties.All(p => p.Alias != k)))
        {
            yield return $"Feltet \"{alias}\" findes ikke på sidetypen {Name}.";
        }

        foreach (var property in Properties)
        {
            if (property.Validate(data.Get(property.Alias), publishing) is { } error)
            {
                yield return error;
            }
        }

        for (var i = 0; i < data.Blocks.Count; i++)
        {
            // Block text may span lines (Markdown, quotes); anything else invisible is refused, as in every form.
            if (System.Text.Json.JsonSerializer.SerializeToNode(data.Blocks[i], ContentJson.Options) is { } json
                && StringsIn(json).Any(s => Setup.PlainText.HasControlCharacters(s, multiLine: true)))
            {
                yield return $"Blok {i + 1} ({data.Blocks[i].BlockName()}): {Setup.PlainText.Message}";
            }

            foreach (var error in data.Blocks[i].Validate())
            {
                yield return $"Blok {i + 1} ({data.Blocks[i].BlockName()}): {error}";
            }
        }
    }

    private static IEnumerable<string> StringsIn(System.Text.Json.Nodes.JsonNode node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => o.Select(p => p.Value).OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(StringsIn),
        System.Text.Json.Nodes.JsonArray a => a.OfType<System.Text.Json.Nodes.JsonNode>().SelectMany(StringsIn),
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}

public static class ContentTypes
{
    private static readonly Dictionary<string, string> NavigationChoices = new()
    {
        ["main"] = "Hovedmenu",
        ["footer"] = "Sidefod",
        ["hidden"] = "Ikke i menuer",
    };

    private static readonly PropertyType Title = new("title", "Overskrift", Help: "Sidens overskrift (h1). Tom: sidens navn bruges.", MaxLength: 150);
    private static readonly PropertyType Intro = new("intro", "Indledning", PropertyEditor.TextArea, Required: true, MaxLength: 400, Help: "En eller to sætninger, der fortæller hvad siden handler om. Vises under overskriften og i oversigter.");
    private static readonly PropertyType MetaDescription = new("metaDescription", "Beskrivelse til søgemaskiner", PropertyEditor.TextArea, MaxLength: 160, Help: "Højst 160 tegn. Tom: indledningen bruges.");
    private static readonly PropertyType Navigation = new("navigation", "Vis i menu", PropertyEditor.Choice, Choices: NavigationChoices, Help: "Hovedmenu øverst, sidefoden nederst, eller ingen af dem.");
    private static readonly PropertyType UrlAlias = new("urlAlias", "Ekstra adresse", MaxLength: 100, Help: "En kort adresse, siden også kan nås på, fx /was.");

    public static readonly ContentType Home = new("home", "Forside",
        [Title, Intro, MetaDescription,
         new("heroHeading", "Kampagnebudskab", Required: true, MaxLength: 120),
         new("heroText", "Tekst under budskabet", PropertyEditor.TextArea, MaxLength: 300)],
        ["page", "newsIndex", "eventSeries", "partnershipIndex"], AllowedAtRoot: true);

    public static readonly ContentType Page = new("page", "Side",
        [Title, Intro, MetaDescription, Navigation, UrlAlias],
        ["page"]);

    public static readonly ContentType NewsIndex = new("newsIndex", "Nyhedsoversigt",
        [Title, Intro, MetaDescription, Navigation],
        ["newsArticle"]);

    public static readonly ContentType NewsArticle = new("newsArticle", "Nyhed",
        [Title, Intro, MetaDescription,
         new("date", "Dato", PropertyEditor.Date, Required: true),
         new("author", "Afsender", MaxLength: 120),
         MunicipalityCode(required: false, "Valgfri: nyheden vises også på kommunens lokale partnerskab.")],
        []);

    /// <summary>A recurring national event such as March mod Ensomhed; its page lists its events by region and municipality.</summary>
    public static readonly ContentType EventSeries = new("eventSeries", "Arrangementsserie",
        [Title, Intro, MetaDescription, Navigation,
         new("period", "Periode", MaxLength: 120, Help: "Hvornår serien finder sted, fx \"Hvert år i uge 40\"."),
         new("howToTakePart", "Sådan deltager du", PropertyEditor.TextArea, MaxLength: 1000)],
        []);

    /// <summary>/lokale-partnerskaber: every local partnership, grouped by region.</summary>
    public static readonly ContentType PartnershipIndex = new("partnershipIndex", "Lokale partnerskaber",
        [Title, Intro, MetaDescription, Navigation],
        ["partnership"]);

    /// <summary>
    /// One municipality's local partnership against loneliness. Name the page after the municipality ("Rødovre"),
    /// so its address is the municipality's slug: /lokale-partnerskaber/roedovre.
    /// </summary>
    public static readonly ContentType Partnership = new("partnership", "Lokalt partnerskab",
        [Title, Intro, MetaDescription,
         MunicipalityCode(required: true, "Kommunen, partnerskabet hører til. Dens arrangementer og nyheder vises på siden, og dens foreninger kan bede om at blive medlem."),
         new("contactName", "Kontakt", MaxLength: 120, Help: "Navnet på kontaktpersonen – eller en funktion som \"Kommunens koordinator for ensomhedsindsatsen\"."),
         new("contactRole", "Kontaktens rolle", MaxLength: 160, Help: "Fx \"Sundhedsafdelingen, Odsherred Kommune\"."),
         new("contactEmail", "Kontaktens e-mail", MaxLength: 254, Help: "Tom: siden viser ingen e-mailadresse.", Check: EmailRule),
         new("strategyTitle", "Strategi", MaxLength: 160, Help: "Titlen på kommunens strategi, fx \"Strategi mod ensomhed 2024-2028\"."),
         new("strategyUrl", "Link til strategien", MaxLength: 500, Help: "Fx /media/strategi.pdf eller https://… Tom: titlen vises uden link.", Check: LinkRule)],
        []);

    public static readonly IReadOnlyDictionary<string, ContentType> All =
        new[] { Home, Page, NewsIndex, NewsArticle, EventSeries, PartnershipIndex, Partnership }.ToDictionary(t => t.Alias, StringComparer.Ordinal);

    /// <summary>A municipality by its code, picked from Denmark's 98 (code → name, in Danish order).</summary>
    private static PropertyType MunicipalityCode(bool required, string help) =>
        new("municipalityCode", "Kommune", PropertyEditor.Choice, Required: required, MaxLength: 3, Help: help,
            Choices: Features.Places.Geography.Denmark.Municipalities.ToDictionary(m => m.Code.ToString(CultureInfo.InvariantCulture), m => m.Name));

    private static string? EmailRule(string value) =>
        System.Net.Mail.MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && !value.Contains(' ', StringComparison.Ordinal)
            ? null
            : $"\"{value}\" er ikke en gyldig e-mailadresse.";

    private static string? LinkRule(string value) =>
        SafeUrl.IsAllowed(value) && !value.Trim().StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !value.Trim().StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
            ? null
            : "Linket skal være en side eller fil på sitet (fx /media/strategi.pdf) eller en adresse, der starter med https://.";

    public static ContentType Get(string alias) =>
        All.TryGetValue(alias, out var type) ? type : throw new ContentRuleException($"Sidetypen \"{alias}\" findes ikke.");
}
