using System.Text.Json;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Tests.Content;

public sealed class BlockSerializationTests
{
    private static readonly Block[] EveryBlock =
    [
        new RichTextBlock("## Overskrift\n\nTekst med **fed**."),
        new ImageBlock(Guid.Parse("6f1c2a9e-2b1d-4c59-9a55-0d4f2e8b7a10"), "To mennesker på en bænk", "hero", "Foto: Social- og Boligstyrelsen"),
        new QuoteBlock("Det hjalp at sige det højt.", "Kvinde", "34 år"),
        new FactBlock("380.000", "danskere i svær ensomhed", "Kommissorium 2022"),
        new CallToActionBlock("Føler du dig ensom?", "Få hjælp", "/faa-hjaelp", "Der er hjælp at hente."),
        new VideoBlock(VideoProvider.YouTube, "dQw4w9WgXcQ", "Kampagnefilm"),
        new DownloadsBlock([new DownloadItem("Plakat", "/media/plakat.pdf", "PDF", "1,2 MB")], "Materialer"),
        new MembersBlock([new PartnershipMember("Fritidsborger Asnæs", "Forening", "https://example.org")], "Med i partnerskabet"),
    ];

    [Fact]
    public void Every_block_type_round_trips_through_json()
    {
        var data = new ContentData { Properties = new() { ["intro"] = "Hej" }, Blocks = [.. EveryBlock] };

        var json = ContentJson.Serialize(data);
        var back = ContentJson.Deserialize(json);

        Assert.Equal(EveryBlock.Length, back.Blocks.Count);
        for (var i = 0; i < EveryBlock.Length; i++)
        {
            Assert.Equal(EveryBlock[i].GetType(), back.Blocks[i].GetType());
            Assert.Equal(JsonSerializer.Serialize(EveryBlock[i], ContentJson.Options), JsonSerializer.Serialize(back.Blocks[i], ContentJson.Options));
        }

        Assert.Equal("Hej", back.Get("intro"));
    }

    [Fact]
    public void Blocks_carry_a_readable_type_name_and_danish_letters_as_they_are()
    {
        var json = ContentJson.Serialize(new ContentData { Blocks = [new FactBlock("12,4 %", "har tegn på ensomhed")] });

        Assert.Contains("\"type\":\"fact\"", json);
        Assert.Contains("\"label\":\"har tegn på ensomhed\"", json);
    }

    [Fact]
    public void An_unknown_block_type_is_refused()
    {
        Assert.Throws<JsonException>(() => ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"carousel"}]}"""));
    }

    [Fact]
    public void Blocks_validate_what_an_editor_must_fix()
    {
        Assert.Contains(new ImageBlock(Guid.NewGuid(), " ").Validate(), m => m.Contains("alternativ tekst"));
        Assert.Contains(new CallToActionBlock("Se her", "Klik", "javascript:alert(1)").Validate(), m => m.Contains("Linket"));
        Assert.Contains(new VideoBlock(VideoProvider.YouTube, "abc\"><script>", "Film").Validate(), m => m.Contains("Video-id"));
        Assert.Empty(EveryBlock.SelectMany(b => b.Validate()));
    }
}
