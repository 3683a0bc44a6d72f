using System.Text.Json;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Tests.Content;

/// <summary>The block registry: open to registrations from outside, strict about declarations the editor could not serve.</summary>
public sealed class BlockTypesTests
{
    public sealed record LateBlock(string Motto) : Block, IBlockType
    {
        public static string DisplayName => "Motto";

        public static IReadOnlyList<BlockField> EditorFields { get; } = [BlockField.Text("motto", "Motto")];

        public override IEnumerable<string> Validate() => [];

        public override void WriteMail(BlockMail mail) => mail.Paragraph(Motto);
    }

    /// <summary>Forgets a field: its value would be lost at every save.</summary>
    public sealed record HalfDeclaredBlock(string Heading, string Text) : Block, IBlockType
    {
        public static string DisplayName => "Halv";

        public static IReadOnlyList<BlockField> EditorFields { get; } = [BlockField.Text("heading", "Overskrift")];

        public override IEnumerable<string> Validate() => [];

        public override void WriteMail(BlockMail mail) => mail.Paragraph(Text);
    }

    /// <summary>May be in a newsletter, but says nothing about how it looks there.</summary>
    public sealed record SilentBlock(string Heading) : Block, IBlockType
    {
        public static string DisplayName => "Tavs";

        public static IReadOnlyList<BlockField> EditorFields { get; } = [BlockField.Text("heading", "Overskrift")];

        public override IEnumerable<string> Validate() => [];
    }

    [Fact]
    public void A_type_registered_after_storage_was_used_is_stored_and_read_back()
    {
        Assert.Throws<JsonException>(() => ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"lateMotto","motto":"Tal om det"}]}"""));

        BlockTypes.Register<LateBlock>("lateMotto");

        var data = ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"lateMotto","motto":"Tal om det"}]}""");
        Assert.Equal(new LateBlock("Tal om det"), data.Blocks.Single());
        Assert.Contains("\"type\":\"lateMotto\"", ContentJson.Serialize(data));
        Assert.Equal("Motto", data.Blocks.Single().BlockName());
    }

    [Fact]
    public void Declarations_the_editor_could_not_serve_are_refused_at_registration()
    {
        Assert.Contains("\"text\" has no editor field", Assert.Throws<InvalidOperationException>(() => BlockTypes.Register<HalfDeclaredBlock>("half")).Message);
        Assert.Contains("does not override WriteMail", Assert.Throws<InvalidOperationException>(() => BlockTypes.Register<SilentBlock>("silent")).Message);
        Assert.Throws<InvalidOperationException>(() => BlockTypes.Register<LateBlock>("richText"));
        Assert.Null(BlockTypes.Find("half"));
    }

    [Fact]
    public void Every_built_in_block_reads_back_from_its_own_editor_fields()
    {
        Block[] blocks =
        [
            new RichTextBlock("## Overskrift\n\nTekst."),
            new ImageBlock(Guid.Parse("6f1c2a9e-2b1d-4c59-9a55-0d4f2e8b7a10"), "To mennesker på en bænk", "portrait", "Foto"),
            new QuoteBlock("Det hjalp.", "Kvinde", "34 år"),
            new FactBlock("380.000", "danskere", "Kilde"),
            new CallToActionBlock("Føler du dig ensom?", "Få hjælp", "/faa-hjaelp", "Der er hjælp."),
            new VideoBlock(VideoProvider.Vimeo, "123", "Film"),
            new DownloadsBlock([new DownloadItem("Plakat", "/media/plakat.pdf", "PDF", "1,2 MB"), new DownloadItem("Folder", "/media/folder.pdf")], "Materialer"),
            new MembersBlock([new PartnershipMember("Rødovre Kommune", "Kommune"), new PartnershipMember("Frivilligcenter", "Frivilligcenter", "https://example.org")], "Med"),
            new NewsletterSignupBlock("Få nyhedsbrevet", null),
            new UpcomingEventsBlock("I din kommune", 3),
        ];

        foreach (var block in blocks)
        {
            var posted = Posted(BlockEditor.Inputs(block, 0));
            var back = BlockEditor.Read(BlockTypes.Of(block.GetType()), key => posted.GetValueOrDefault($"Blocks[0].{key}"));
            Assert.Equal(JsonSerializer.Serialize(block, ContentJson.Options), JsonSerializer.Serialize(back, ContentJson.Options));
        }
    }

    private static Dictionary<string, string> Posted(IReadOnlyList<BlockEditor.Input> inputs)
    {
        var posted = new Dictionary<string, string>();
        foreach (var input in inputs)
        {
            if (input.Field.Kind == FieldKind.List)
            {
                posted[input.Name + ".Count"] = input.Rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (key, value) in input.Rows.SelectMany(r => Posted(r.Inputs)))
                {
                    posted[key] = value;
                }
            }
            else
            {
                posted[input.Name] = input.Value;
            }
        }

        return posted;
    }
}
