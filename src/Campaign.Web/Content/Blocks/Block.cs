using System.Text.Json.Serialization;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// A building block of a page. A block is a record here, a display partial in this folder named after it
/// (RichTextBlock.cshtml), and one [JsonDerivedType] line below that names it in storage.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RichTextBlock), "richText")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(QuoteBlock), "quote")]
[JsonDerivedType(typeof(FactBlock), "fact")]
[JsonDerivedType(typeof(CallToActionBlock), "callToAction")]
[JsonDerivedType(typeof(VideoBlock), "video")]
[JsonDerivedType(typeof(DownloadsBlock), "downloads")]
[JsonDerivedType(typeof(NewsletterSignupBlock), "newsletterSignup")]
[JsonDerivedType(typeof(MembersBlock), "members")]
[JsonDerivedType(typeof(UpcomingEventsBlock), "upcomingEvents")]
public abstract record Block
{
    /// <summary>The Danish name editors see in the block picker.</summary>
    public abstract string BlockName();

    /// <summary>Messages in Danish for whatever an editor must fix before the block can be saved.</summary>
    public abstract IEnumerable<string> Validate();

    [JsonIgnore]
    public string Partial => $"~/Content/Blocks/{GetType().Name}.cshtml";

    protected static bool IsSafeUrl(string? url) => SafeUrl.IsAllowed(url);
}

/// <summary>Text written in Markdown; raw HTML is never passed through.</summary>
public sealed record RichTextBlock(string Markdown) : Block
{
    public override string BlockName() => "Tekst";

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Markdown))
        {
            yield return "Teksten er tom.";
        }
    }
}

public sealed record ImageBlock(string Src, string Alt, int Width, int Height, string? Caption = null) : Block
{
    public override string BlockName() => "Billede";

    public override IEnumerable<string> Validate()
    {
        if (!IsSafeUrl(Src))
        {
            yield return "Vælg et billede.";
        }

        if (string.IsNullOrWhiteSpace(Alt))
        {
            yield return "Skriv en alternativ tekst, der beskriver billedet for dem, der ikke kan se det.";
        }

        if (Width <= 0 || Height <= 0)
        {
            yield return "Billedets bredde og højde mangler.";
        }
    }
}

public sealed record QuoteBlock(string Text, string? Name = null, string? Role = null) : Block
{
    public override string BlockName() => "Citat eller fortælling";

    public override IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Text))
        {
            yield return "Citatet er tomt.";
        }
    }
}

/// <summary>A key figure. Consecutive facts are shown side by side.</summary>
public sealed record FactBlock(string Figure, string Label, string? Source = null) : Block
{
    public override string BlockName() => "Faktaboks";

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
}

public sealed record CallToActionBlock(string Heading, string LinkText, string Url, string? Text = null) : Block
{
    public override string BlockName() => "Opfordring til handling";

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
}

[JsonConverter(typeof(JsonStringEnumConverter<VideoProvider>))]
public enum VideoProvider
{
    YouTube,
    Vimeo,
}

/// <summary>A video that loads from its provider only when the visitor asks for it, so no third party sees a page view.</summary>
public sealed record VideoBlock(VideoProvider Provider, string VideoId, string Title) : Block
{
    public override string BlockName() => "Video";

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

public sealed record DownloadsBlock(IReadOnlyList<DownloadItem> Items, string? Heading = null) : Block
{
    public override string BlockName() => "Downloads";

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
}

/// <summary>One member of a partnership: an organisation, what kind it is, and optionally its website.</summary>
public sealed record PartnershipMember(string Name, string Type, string? Url = null);

/// <summary>The members of a local partnership, as editors list them; members approved through the portal are added on the page.</summary>
public sealed record MembersBlock(IReadOnlyList<PartnershipMember> Members, string? Heading = null) : Block
{
    public override string BlockName() => "Medlemmer";

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
}
