using Campaign.Web.Features.Mail;

namespace Campaign.Tests.Mail;

public sealed class MailTemplateTests
{
    private static MailContent Render((string, string)? button = null) => MailTemplate.Render(
        "Bekræft din e-mailadresse",
        ["Kære Åse", "Tak fordi du skrev dig op.\nVi glæder os til at høre fra dig."],
        button ?? ("Bekræft min adresse", "https://talomensomhed.dk/bekraeft?t=a1&u=b2"),
        "Du får denne mail fra Tal om ensomhed.");

    [Fact]
    public void The_text_part_reads_top_to_bottom_with_the_link_written_out()
    {
        var text = Render().Text;

        Assert.Equal(
            "Bekræft din e-mailadresse\n\nKære Åse\n\nTak fordi du skrev dig op.\nVi glæder os til at høre fra dig.\n\n" +
            "Bekræft min adresse:\nhttps://talomensomhed.dk/bekraeft?t=a1&u=b2\n\n-- \nDu får denne mail fra Tal om ensomhed.\n",
            text);
    }

    [Fact]
    public void The_html_part_is_danish_keeps_letters_and_has_one_heading_and_a_button()
    {
        var html = Render().Html;

        Assert.Contains("<html lang=\"da\">", html);
        Assert.Contains("<meta charset=\"utf-8\">", html);
        Assert.Contains("<title>Bekræft din e-mailadresse</title>", html);
        Assert.Single(html.Split("<h1").Skip(1));
        Assert.Contains(">Bekræft din e-mailadresse</h1>", html);
        Assert.Contains("Tak fordi du skrev dig op.<br>Vi glæder os til at høre fra dig.", html);
        Assert.Contains("href=\"https://talomensomhed.dk/bekraeft?t=a1&amp;u=b2\"", html);
        Assert.Contains(">Bekræft min adresse</a>", html);
        Assert.Contains("role=\"presentation\"", html);
        Assert.DoesNotContain("&#", html);
    }

    [Fact]
    public void Text_from_users_is_html_encoded()
    {
        var content = MailTemplate.Render("<b>Hej</b>", ["<script>alert('x')</script> & \"citat\""], null, "");

        Assert.Contains("&lt;b&gt;Hej&lt;/b&gt;", content.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot;", content.Html);
        Assert.DoesNotContain("<script>", content.Html);
        Assert.DoesNotContain("<a ", content.Html);
        Assert.Contains("<script>alert('x')</script>", content.Text);
        Assert.DoesNotContain("-- ", content.Text);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relativ/sti")]
    [InlineData("https://talomensomhed.dk/a b")]
    public void A_button_needs_an_absolute_http_address(string url)
    {
        Assert.Throws<ArgumentException>(() => Render(("Tryk her", url)));
    }
}
