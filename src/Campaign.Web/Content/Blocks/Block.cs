using System.Text.Json.Serialization;
using Campaign.Web.Features.Media;
using Campaign.Web.Features.Newsletter;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// What a block type declares about itself, read once when it is registered in <see cref="BlockTypes"/>:
/// the Danish name editors see, the fields of its editor form, and whether it may go into a newsletter.
/// </summary>
public interface IBlockType
{
    static abstract string DisplayName { get; }

    /// <summary>The editor form, in order; every constructor parameter of the record needs a field.</summary>
    static abstract IReadOnlyList<BlockField> EditorFields { get; }

    /// <summary>One sentence under the name in the block picker: what the block is for.</summary>
    static virtual string Description => "";

    /// <summary>The picture on the block's card in the picker, one of the symbols in _BlockIcon.cshtml.</summary>
    static virtual string Icon => "block";

    /// <summary>False for what makes no sense in a mail (a signup form); such a block needs no mail rendering.</summary>
    static virtual bool InNewsletter => true;
}

/// <summary>
/// A building block of a page or a newsletter. A block is a record here (its editor fields, validation, search
/// text and mail rendering), a display partial in this folder named after it (RichTextBlock.cshtml), and one
/// registration line in <see cref="BlockTypes"/> that names it in storage.
/// </summary>
public abstract record Block
{
    /// <summary>The Danish name editors see in the block picker.</summary>
    public string BlockName() => BlockTypes.Of(GetType()).Name;

    /// <summary>Messages in Danish for whatever an editor must fix before the block can be saved.</summary>
    public abstract IEnumerable<string> Validate();

    /// <summary>The block as the editor form shows it: an older stored form is brought up to date here, and saved so when the form is.</summary>
    public virtual Block ForEditing() => this;

    /// <summary>The words site search finds the page by, or null.</summary>
    public virtual string? SearchText() => null;

    /// <summary>Writes the block into a newsletter; every block that may be in one overrides this or <see cref="WriteMailAsync"/>.</summary>
    public virtual void WriteMail(BlockMail mail)
    {
    }

    /// <summary>For a block whose mail needs data (the reader's events); the others override <see cref="WriteMail"/>.</summary>
    public virtual Task WriteMailAsync(BlockMail mail, CancellationToken ct)
    {
        WriteMail(mail);
        return Task.CompletedTask;
    }

    [JsonIgnore]
    public string Partial => BlockTypes.Of(GetType()).Partial;

    protected static bool IsSafeUrl(string? url) => SafeUrl.IsAllowed(url);

    protected static string Encode(string text) => BlockMail.Encode(text);
}

/// <summary>
/// Text from the rich text editor, stored as HTML that <see cref="RichTextHtml"/> has sanitized: whatever arrives (the
/// editor, a form without JavaScript, a uSync file) is cleaned when the record is made, so no code path can skip it.
/// Text without markup is read as Markdown, which is what the form without JavaScript and older files hold. Blocks
/// saved before the editor existed keep their <see cref="Markdown"/> and render as before until they are edited.
/// </summary>
public sealed record RichTextBlock(string? Html) : Block, IBlockType
{
    public static string DisplayName => "Tekst";

    public static string Description => "Brødtekst med mellemoverskrifter, lister, citater og links.";

    public static string Icon => "text";

    public static IReadOnlyList<BlockField> EditorFields { get; } = [BlockField.RichText("html", "Tekst")];

    public string? Html { get; init; } = Clean(Html);

    /// <summary>The text of a block saved before the rich text editor; the editor turns it into HTML when the block is edited.</summary>
    public string? Markdown { get; init; }

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Html) && string.IsNullOrWhiteSpace(Markdown))
        {
            yield return "Teksten er tom.";
        }
    }

    public override Block ForEditing() => Html is null && Markdown is not null ? new RichTextBlock(MarkdownRenderer.ToHtml(Markdown)) : this;

    public override string? SearchText() => Html is not null ? RichTextHtml.ToPlainText(Html) : MarkdownRenderer.ToPlainText(Markdown);

    public override void WriteMail(BlockMail mail)
    {
        var html = Html ?? MarkdownRenderer.ToHtml(Markdown);
        mail.Text.Append(RichTextHtml.ToPlainText(html, withLinks: true)).Append("\n\n");
        mail.Html.Append("<div>").Append(mail.AbsoluteLinks(html)).Append("</div>\n");
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var html = RichTextHtml.LooksLikeHtml(text) ? text : MarkdownRenderer.ToHtml(text);
        return RichTextHtml.Sanitize(html) is { Length: > 0 } clean ? clean : null;
    }
}

/// <summary>
/// An image from the media library in one of its named crops (<see cref="MediaCrops"/>), stored by the file's id so a new
/// focal point or a moved folder never breaks it. Blocks saved before the picker hold a typed address and size
/// (<see cref="Src"/>, <see cref="Width"/>, <see cref="Height"/>); they render as before, and a library address becomes an id when edited.
/// </summary>
public sealed record ImageBlock(Guid? MediaId, string Alt, string? Crop = null, string? Caption = null) : Block, IBlockType
{
    public static string DisplayName => "Billede";

    public static string Description => "Et billede fra mediebiblioteket i et fast format, med alternativ tekst og billedtekst.";

    public static string Icon => "image";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Media("mediaId", "Billede", MediaKind.Image),
        BlockField.Select("crop", "Format", MediaCrops.All.Select(c => new BlockOption(c.Name, $"{c.Label} ({c.Ratio})")).ToList(), "Billedet beskæres omkring sit fokuspunkt, som du sætter i mediebiblioteket."),
        BlockField.Text("alt", "Alternativ tekst", "Hentes fra mediebiblioteket; ret den, hvis billedet skal beskrives anderledes her."),
        BlockField.Text("caption", "Billedtekst", "Valgfri. Vises under billedet, fx \"Foto: Social- og Boligstyrelsen\"."),
    ];

    /// <summary>A typed address, from before the picker.</summary>
    public string? Src { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    [JsonIgnore]
    public MediaCrop CropOrDefault => MediaCrops.Find(Crop ?? "") ?? MediaCrops.Hero;

    /// <summary>The address to show: the crop of the library image, or the typed address of an older block.</summary>
    [JsonIgnore]
    public string? Url => MediaId is { } id ? $"/media/{id}/{CropOrDefault.Name}.webp" : Src;

    [JsonIgnore]
    public int ShownWidth => MediaId is not null ? CropOrDefault.Width : Width ?? 0;

    [JsonIgnore]
    public int ShownHeight => MediaId is not null ? CropOrDefault.Height : Height ?? 0;

    public override IEnumerable<string> Validate()
    {
        if (MediaId is null && !IsSafeUrl(Src))
        {
            yield return "Vælg et billede fra mediebiblioteket.";
        }

        if (Crop is not null && MediaCrops.Find(Crop) is null)
        {
            yield return "Vælg et af billedformaterne.";
        }

        if (string.IsNullOrWhiteSpace(Alt))
        {
            yield return "Skriv en alternativ tekst, der beskriver billedet for dem, der ikke kan se det.";
        }
    }

    public override Block ForEditing() => MediaId is null && Src is not null && MediaEndpoints.IdIn(Src) is { } id
        ? new ImageBlock(id, Alt, MediaCrops.Hero.Name, Caption)
        : this;

    public override string? SearchText() => Caption;

    public override void WriteMail(BlockMail mail)
    {
        mail.Text.Append($"[Billede: {Alt}]").Append(Caption is { } c ? $"\n{c}" : "").Append("\n\n");
        mail.Html.Append($"""<p style="margin:0 0 16px;"><img src="{Encode(mail.Absolute(Url ?? ""))}" alt="{Encode(Alt)}" width="{Math.Min(ShownWidth, 500)}" style="display:block;max-width:100%;height:auto;border-radius:8px;">""")
            .Append(Caption is { } caption ? $"""<span style="font-size:14px;{mail.SoftStyle}">{Encode(caption)}</span>""" : "").Append("</p>\n");
    }
}

public sealed record QuoteBlock(string Text, string? Name = null, string? Role = null) : Block, IBlockType
{
    public static string DisplayName => "Citat eller fortælling";

    public static string Description => "Et citat eller en kort fortælling fra et menneske, med navn og rolle.";

    public static string Icon => "quote";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Multiline("text", "Citat eller fortælling"),
        BlockField.Text("name", "Navn", "Valgfri. Fx et fornavn eller \"Kvinde\"."),
        BlockField.Text("role", "Rolle eller alder", "Valgfri. Fx \"34 år\"."),
    ];

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            yield return "Citatet er tomt.";
        }
    }

    public override string? SearchText() => Text;

    public override void WriteMail(BlockMail mail)
    {
        var by = string.Join(", ", new[] { Name, Role }.Where(s => !string.IsNullOrWhiteSpace(s)));
        mail.Text.Append($"»{Text}«").Append(by.Length > 0 ? $"\n– {by}" : "").Append("\n\n");
        mail.Html.Append($"""<blockquote style="margin:0 0 16px;padding:4px 0 4px 16px;border-left:4px solid {mail.Accent};font-style:italic;">{Encode(Text)}{(by.Length > 0 ? $"<br><span style=\"font-style:normal;{mail.SoftStyle}\">– {Encode(by)}</span>" : "")}</blockquote>""").Append('\n');
    }
}

/// <summary>A key figure. Consecutive facts are shown side by side.</summary>
public sealed record FactBlock(string Figure, string Label, string? Source = null) : Block, IBlockType
{
    public static string DisplayName => "Faktaboks";

    public static string Description => "Et nøgletal med forklaring og kilde; flere efter hinanden vises side om side.";

    public static string Icon => "fact";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("figure", "Tal", "Fx 380.000 eller 12,4 %."),
        BlockField.Text("label", "Hvad tallet viser"),
        BlockField.Text("source", "Kilde", "Valgfri."),
    ];

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Figure))
        {
            yield return "Skriv tallet, fx 380.000.";
        }

        if (string.IsNullOrWhiteSpace(Label))
        {
            yield return "Skriv hvad tallet viser.";
        }
    }

    public override string? SearchText() => $"{Figure} {Label}";

    public override void WriteMail(BlockMail mail)
    {
        mail.Text.Append($"{Figure}: {Label}").Append(Source is { } s ? $" (Kilde: {s})" : "").Append("\n\n");
        mail.Html.Append(NewsletterTemplate.Paragraph($"""<strong style="display:block;font-size:28px;color:{mail.Accent};">{Encode(Figure)}</strong>{Encode(Label)}{(Source is { } source ? $"<br><span style=\"font-size:14px;{mail.SoftStyle}\">Kilde: {Encode(source)}</span>" : "")}"""));
    }
}

public sealed record CallToActionBlock(string Heading, string LinkText, string Url, string? Text = null) : Block, IBlockType
{
    public static string DisplayName => "Opfordring til handling";

    public static string Description => "En overskrift, en kort tekst og en knap, der fører videre.";

    public static string Icon => "action";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift"),
        BlockField.Multiline("text", "Tekst", "Valgfri."),
        BlockField.Text("linkText", "Tekst på knappen"),
        BlockField.Url("url", "Link"),
    ];

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Heading))
        {
            yield return "Skriv en overskrift.";
        }

        if (string.IsNullOrWhiteSpace(LinkText))
        {
            yield return "Skriv teksten på knappen.";
        }

        if (!IsSafeUrl(Url))
        {
            yield return "Linket skal være en side på sitet (fx /faa-hjaelp) eller en adresse, der starter med https://.";
        }
    }

    public override string? SearchText() => $"{Heading}. {Text}";

    public override void WriteMail(BlockMail mail)
    {
        mail.Text.Append(Heading).Append('\n').Append(Text is { } t ? t + "\n" : "").Append($"{LinkText}: {mail.Absolute(Url)}").Append("\n\n");
        mail.Html.Append(NewsletterTemplate.Heading(Heading));
        if (Text is { } text)
        {
            mail.Html.Append(NewsletterTemplate.Paragraph(Encode(text)));
        }

        mail.Html.Append(NewsletterTemplate.Button(LinkText, mail.Absolute(Url)));
    }
}

[JsonConverter(typeof(JsonStringEnumConverter<VideoProvider>))]
public enum VideoProvider
{
    YouTube,
    Vimeo,
}

/// <summary>A video that loads from its provider only when the visitor asks for it, so no third party sees a page view.</summary>
public sealed record VideoBlock(VideoProvider Provider, string VideoId, string Title) : Block, IBlockType
{
    public static string DisplayName => "Video";

    public static string Description => "En video fra YouTube eller Vimeo, der først hentes, når den besøgende trykker afspil.";

    public static string Icon => "video";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Select<VideoProvider>("provider", "Videotjeneste"),
        BlockField.Text("videoId", "Video-id", "Id'et fra videoens adresse, fx dQw4w9WgXcQ fra youtube.com/watch?v=dQw4w9WgXcQ."),
        BlockField.Text("title", "Titel", "Fortæller hvad videoen handler om; skærmlæsere læser den op."),
    ];

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(VideoId) || !VideoId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            yield return "Video-id'et er ugyldigt.";
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            yield return "Skriv en titel, der fortæller hvad videoen handler om.";
        }
    }

    public override string? SearchText() => Title;

    public override void WriteMail(BlockMail mail)
    {
        mail.Text.Append($"Se videoen \"{Title}\": {WatchUrl}").Append("\n\n");
        mail.Html.Append(NewsletterTemplate.Paragraph($"""Se videoen: <a href="{Encode(WatchUrl)}" style="{mail.LinkStyle}">{Encode(Title)}</a>"""));
    }

    [JsonIgnore]
    public string EmbedUrl => Provider == VideoProvider.Vimeo
        ? $"https://player.vimeo.com/video/{Uri.EscapeDataString(VideoId)}?dnt=1&autoplay=1"
        : $"https://www.youtube-nocookie.com/embed/{Uri.EscapeDataString(VideoId)}?autoplay=1";

    [JsonIgnore]
    public string WatchUrl => Provider == VideoProvider.Vimeo
        ? $"https://vimeo.com/{Uri.EscapeDataString(VideoId)}"
        : $"https://www.youtube.com/watch?v={Uri.EscapeDataString(VideoId)}";
}

public sealed record DownloadItem(string Title, string Url, string? FileType = null, string? Size = null);

public sealed record DownloadsBlock(IReadOnlyList<DownloadItem> Items, string? Heading = null) : Block, IBlockType
{
    public static string DisplayName => "Downloads";

    public static string Description => "En liste af PDF-filer fra mediebiblioteket, som læseren kan hente.";

    public static string Icon => "download";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift", "Valgfri, fx \"Materialer\"."),
        BlockField.List("items", "Filer", "Fil",
        [
            BlockField.Text("title", "Titel"),
            BlockField.Url("url", "Fil", "Vælg en PDF i mediebiblioteket, eller skriv dens adresse, fx /media/filer/…/plakat.pdf.") with { Picks = MediaKind.Document },
            BlockField.Text("fileType", "Filtype", "Valgfri, fx PDF."),
            BlockField.Text("size", "Størrelse", "Valgfri, fx 1,2 MB."),
        ]),
    ];

    public override IEnumerable<string> Validate()
    {
        if (Items is null || Items.Count == 0)
        {
            yield return "Tilføj mindst én fil.";
            yield break;
        }

        foreach (var item in Items)
        {
            if (string.IsNullOrWhiteSpace(item.Title) || !IsSafeUrl(item.Url))
            {
                yield return "Hver fil skal have en titel og et gyldigt link.";
            }
        }
    }

    public override string? SearchText() => string.Join(", ", Items.Select(i => i.Title));

    public override void WriteMail(BlockMail mail)
    {
        if (Heading is { } heading)
        {
            mail.Text.Append(heading).Append('\n');
            mail.Html.Append(NewsletterTemplate.Heading(heading));
        }

        mail.Html.Append("<ul style=\"margin:0 0 16px;padding-left:20px;\">\n");
        foreach (var item in Items)
        {
            mail.Text.Append($"* {item.Title}: {mail.Absolute(item.Url)}\n");
            mail.Html.Append($"""<li><a href="{Encode(mail.Absolute(item.Url))}" style="{mail.LinkStyle}">{Encode(item.Title)}</a></li>""").Append('\n');
        }

        mail.Text.Append('\n');
        mail.Html.Append("</ul>\n");
    }
}

/// <summary>One member of a partnership: an organisation, what kind it is, and optionally its website.</summary>
public sealed record PartnershipMember(string Name, string Type, string? Url = null);

/// <summary>The members of a local partnership, as editors list them; members approved through the portal are added on the page.</summary>
public sealed record MembersBlock(IReadOnlyList<PartnershipMember> Members, string? Heading = null) : Block, IBlockType
{
    public static string DisplayName => "Medlemmer";

    public static string Description => "Et lokalt partnerskabs medlemmer: organisationer med type og hjemmeside.";

    public static string Icon => "members";

    public static IReadOnlyList<BlockField> EditorFields { get; } =
    [
        BlockField.Text("heading", "Overskrift", "Valgfri, fx \"Med i partnerskabet\"."),
        BlockField.List("members", "Medlemmer", "Medlem",
        [
            BlockField.Text("name", "Navn", "Organisationens navn, fx \"Rødovre Kommune\"."),
            BlockField.Text("type", "Type", "Fx Forening, Kommune eller Frivilligcenter."),
            BlockField.Url("url", "Hjemmeside", "Valgfri. En adresse, der starter med https://."),
        ], "Foreninger, der er godkendt gennem foreningsportalen, vises automatisk og skal ikke skrives her."),
    ];

    /// <summary>A partnership's members belong on its page, not in a mail to the whole country.</summary>
    public static bool InNewsletter => false;

    public override IEnumerable<string> Validate()
    {
        if (Members is null || Members.Count == 0)
        {
            yield return "Tilføj mindst ét medlem.";
            yield break;
        }

        foreach (var member in Members)
        {
            if (string.IsNullOrWhiteSpace(member.Name) || string.IsNullOrWhiteSpace(member.Type))
            {
                yield return "Hvert medlem skal have et navn og en type, fx \"Forening\" eller \"Kommune\".";
            }
            else if (!string.IsNullOrWhiteSpace(member.Url) && !IsSafeUrl(member.Url))
            {
                yield return $"Linket til {member.Name} skal være en adresse, der starter med https://.";
            }
        }
    }

    public override string? SearchText() => string.Join(", ", Members.Select(m => m.Name));
}
