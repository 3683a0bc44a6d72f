using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Tests.Content;

/// <summary>What the rich text allow-list keeps of hostile HTML, as pasted into the editor or written into a uSync file.</summary>
public sealed class RichTextSanitizerTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "<p>Hej</p><script>alert('x')</script>", "<p>Hej</p>" },
        { "<p>Billede<img src=x onerror=\"alert(1)\"></p>", "<p>Billede</p>" },
        { "<p><a href=\"javascript:alert(1)\">Klik</a></p>", "<p>Klik</p>" },
        { "<p><a href=\" JaVaScRiPt:alert(1)\">Klik</a></p>", "<p>Klik</p>" },
        { "<p><a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">Data</a></p>", "<p>Data</p>" },
        { "<p><a href=\"//evil.example/\">Et andet sted</a></p>", "<p>Et andet sted</p>" },
        { "<p style=\"position:fixed;top:0\">Stil</p><style>body{display:none}</style>", "<p>Stil</p>" },
        { "<iframe src=\"https://evil.example\"></iframe><p>Efter</p>", "<p>Efter</p>" },
        { "<p onclick=\"steal()\" class=\"x\" id=\"y\">Attributter</p>", "<p>Attributter</p>" },
        { "<object data=\"x.swf\"></object><embed src=\"x.swf\"><p>Plugin</p>", "<p>Plugin</p>" },
        { "<svg><script>alert(1)</script></svg><p>Svg</p>", "<p>Svg</p>" },
        { "<form action=\"https://evil.example\"><input name=\"p\"><button>Send</button></form>", "Send" },
        { "<h1>For stor</h1><h5>For lille</h5>", "For storFor lille" },
        { "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"pixel\">Tekst</p>", "<p>Tekst</p>" },
        { "<div><span style=\"color:red\">Fra Word</span></div>", "Fra Word" },
        { "<p><a href=\"https://example.org\" target=\"_blank\" rel=\"opener\" onmouseover=\"x()\">Ud</a></p>", "<p><a href=\"https://example.org\">Ud</a></p>" },
        { "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript><p>Mutation</p>", "\"&gt;<p>Mutation</p>" },
        { "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><p>Math</p>", "<p>Math</p>" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_html_is_reduced_to_the_allow_list(string html, string expected)
    {
        Assert.Equal(expected, RichTextHtml.Sanitize(html));
        Assert.Equal(expected, new RichTextBlock(html).Html);
    }

    [Fact]
    public void What_the_design_allows_is_kept_as_it_is()
    {
        const string html = "<h2>Overskrift</h2><h3>Under</h3><h4>Lille</h4><p><strong>Fed</strong>, <em>kursiv</em> og <a href=\"/faa-hjaelp\">et link</a>.<br>Ny linje.</p>"
            + "<ul><li>Punkt</li></ul><ol><li>Nummer</li></ol><blockquote><p>Citat</p></blockquote><p><a href=\"mailto:hej@example.org\">Skriv</a> <a href=\"tel:+4570201201\">Ring</a></p>";

        Assert.Equal(html, RichTextHtml.Sanitize(html));
    }

    [Fact]
    public void Deeply_nested_formatting_is_sanitized_without_failing()
    {
        var html = string.Concat(Enumerable.Repeat("<strong><em><span>", 2000)) + "dybt" + string.Concat(Enumerable.Repeat("</span></em></strong>", 2000));

        var clean = RichTextHtml.Sanitize(html);

        Assert.Contains("dybt", clean);
        Assert.DoesNotContain("<span", clean);
        Assert.Equal(clean, RichTextHtml.Sanitize(clean));
    }

    [Fact]
    public void Text_without_markup_is_read_as_markdown_and_older_markdown_blocks_render_as_before()
    {
        Assert.Equal("<h2>Vær med</h2>\n<p>Del <strong>din</strong> historie.</p>", new RichTextBlock("## Vær med\n\nDel **din** historie.").Html);

        var legacy = (RichTextBlock)ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"richText","markdown":"## Gammel\n\n<script>x</script>Tekst"}]}""").Blocks.Single();
        Assert.Null(legacy.Html);
        Assert.Equal("## Gammel\n\n<script>x</script>Tekst", legacy.Markdown);
        var edited = (RichTextBlock)legacy.ForEditing();
        Assert.Null(edited.Markdown);
        Assert.StartsWith("<h2>Gammel</h2>", edited.Html);
        Assert.DoesNotContain("<script", edited.Html);
    }

    [Fact]
    public void Stored_html_is_sanitized_again_when_read()
    {
        var block = (RichTextBlock)ContentJson.Deserialize("""{"properties":{},"blocks":[{"type":"richText","html":"<p onclick=\"x()\">Hej<script>alert(1)</script></p>"}]}""").Blocks.Single();

        Assert.Equal("<p>Hej</p>", block.Html);
        Assert.Equal("Hej", block.SearchText());
    }
}
