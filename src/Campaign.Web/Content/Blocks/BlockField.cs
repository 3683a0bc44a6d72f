namespace Campaign.Web.Content.Blocks;

/// <summary>How a field is edited; the form element and how a posted value is read follow from it.</summary>
public enum FieldKind
{
    /// <summary>One line of text.</summary>
    Text,

    /// <summary>A few lines of plain text.</summary>
    Multiline,

    /// <summary>A longer text in Markdown.</summary>
    Markdown,

    /// <summary>Formatted text (HTML from the rich text editor; a plain textarea without JavaScript).</summary>
    RichText,

    /// <summary>The id of a file in the media library, picked in a dialog (<see cref="BlockField.Picks"/> says which kind).</summary>
    Media,

    /// <summary>A site link (/side) or an https:// address.</summary>
    Url,

    /// <summary>The address of an image from the media library.</summary>
    Image,

    /// <summary>A whole number.</summary>
    Number,

    /// <summary>One of <see cref="BlockField.Options"/>.</summary>
    Select,

    /// <summary>Yes or no, as a checkbox.</summary>
    Bool,

    /// <summary>A list of sub-items, each edited with <see cref="BlockField.Items"/> as a repeatable row.</summary>
    List,
}

/// <summary>
/// One field of a block's editor form. <see cref="Name"/> is the block's property as stored in JSON
/// (camelCase), so the editor reads and writes any block without code of its own.
/// </summary>
/// <param name="ItemName">For a list: what one row is called ("Medlem"), shown on each row and its buttons.</param>
public sealed record BlockField(
    string Name,
    string Label,
    FieldKind Kind,
    string? Help = null,
    IReadOnlyList<BlockOption>? Options = null,
    IReadOnlyList<BlockField>? Items = null,
    string? ItemName = null)
{
    /// <summary>For a media field, or a link that a file from the library may fill: which kind of file the picker offers.</summary>
    public Campaign.Web.Features.Media.MediaKind? Picks { get; init; }

    public static BlockField RichText(string name, string label, string? help = "Uden JavaScript skrives teksten som HTML (<h2>, <p>, <strong>, <em>, <a href>, <ul>, <ol>, <li>, <blockquote>) eller som almindelig tekst.") =>
        new(name, label, FieldKind.RichText, help);

    public static BlockField Media(string name, string label, Campaign.Web.Features.Media.MediaKind kind, string? help = "Vælg i mediebiblioteket. Uden JavaScript: indsæt filens adresse fra mediebiblioteket.") =>
        new(name, label, FieldKind.Media, help) { Picks = kind };

    public static BlockField Text(string name, string label, string? help = null) => new(name, label, FieldKind.Text, help);

    public static BlockField Multiline(string name, string label, string? help = null) => new(name, label, FieldKind.Multiline, help);

    public static BlockField Markdown(string name, string label, string? help = "## giver en mellemoverskrift, **fed** giver fed skrift, [linktekst](/side) giver et link.") =>
        new(name, label, FieldKind.Markdown, help);

    public static BlockField Url(string name, string label, string? help = "En side på sitet, fx /faa-hjaelp, eller en adresse, der starter med https://.") =>
        new(name, label, FieldKind.Url, help);

    public static BlockField Image(string name, string label, string? help = "Kopiér billedets adresse fra mediebiblioteket, fx /media/…-960.webp.") =>
        new(name, label, FieldKind.Image, help);

    public static BlockField Number(string name, string label, string? help = null) => new(name, label, FieldKind.Number, help);

    public static BlockField Bool(string name, string label, string? help = null) => new(name, label, FieldKind.Bool, help);

    public static BlockField Select(string name, string label, IReadOnlyList<BlockOption> options, string? help = null) =>
        new(name, label, FieldKind.Select, help, Options: options);

    /// <summary>The choices of an enum, labelled; the value is the enum's name, as stored.</summary>
    public static BlockField Select<TEnum>(string name, string label, string? help = null, params (TEnum Value, string Label)[] labels) where TEnum : struct, Enum =>
        Select(name, label, Enum.GetValues<TEnum>().Select(v => new BlockOption(v.ToString(), labels.FirstOrDefault(l => l.Value.Equals(v)).Label ?? v.ToString())).ToList(), help);

    public static BlockField List(string name, string label, string itemName, IReadOnlyList<BlockField> items, string? help = null) =>
        new(name, label, FieldKind.List, help, Items: items, ItemName: itemName);

    /// <summary>The label of a stored value: the option's label for a choice, the value itself otherwise.</summary>
    public string Display(string value) => Options?.FirstOrDefault(o => o.Value == value)?.Label ?? value;
}

public sealed record BlockOption(string Value, string Label);
