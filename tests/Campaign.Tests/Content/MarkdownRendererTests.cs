using Campaign.Web.Content;

namespace Campaign.Tests.Content;

public sealed class MarkdownRendererTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"javascript:alert(1)\">klik</a>")]
    [InlineData("Tekst <iframe src=\"https://evil.example\"></iframe>")]
    public void Raw_html_is_escaped(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<a ", html);
        Assert.Contains("&lt;", html);
    }

    [Theory]
    [InlineData("[Klik her](javascript:alert(1))")]
    [InlineData("[Klik her](JavaScript:alert(1))")]
    [InlineData("[Klik her]( javascript:alert(1) )")]
    [InlineData("[Klik her](vbscript:msgbox(1))")]
    [InlineData("[Klik her](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[Klik her](//evil.example/x)")]
    public void Links_with_unsafe_targets_become_plain_text(string markdown)
    {
        var html = MarkdownRenderer.ToHtml(markdown);

        Assert.DoesNotContain("href", html);
        Assert.Contains("Klik her", html);
    }

    [Fact]
    public void Unsafe_images_and_autolinks_are_dropped()
    {
        var html = MarkdownRenderer.ToHtml("![x](javascript:alert(1)) <javascript:alert(2)>");

        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("href", html);
    }

    [Theory]
    [InlineData("[Få hjælp](/faa-hjaelp)", "href=\"/faa-hjaelp\"")]
    [InlineData("[Livslinien](https://www.livslinien.dk)", "href=\"https://www.livslinien.dk\"")]
    [InlineData("[Skriv](mailto:sbst@sbst.dk)", "href=\"mailto:sbst@sbst.dk\"")]
    [InlineData("[Ring](tel:+4570201201)", "href=\"tel:+4570201201\"")]
    public void Safe_links_are_kept(string markdown, string expected) =>
        Assert.Contains(expected, MarkdownRenderer.ToHtml(markdown));

    [Fact]
    public void Headings_start_below_the_page_title()
    {
        var html = MarkdownRenderer.ToHtml("# Stor\n\n## Mellem\n\n### Lille");

        Assert.DoesNotContain("<h1", html);
        Assert.Contains("<h2", html);
        Assert.Contains("<h3", html);
    }

    [Fact]
    public void Plain_markdown_renders_paragraphs_lists_and_emphasis()
    {
        var html = MarkdownRenderer.ToHtml("Det er **okay** at føle sig ensom.\n\n- Tal med nogen\n- Find et fællesskab");

        Assert.Contains("<strong>okay</strong>", html);
        Assert.Contains("<li>Tal med nogen</li>", html);
    }
}
