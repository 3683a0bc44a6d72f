using Campaign.Web.Content;

namespace Campaign.Tests.Content;

public sealed class SafeUrlTests
{
    [Theory]
    [InlineData("/faa-hjaelp", true)]
    [InlineData("#indhold", true)]
    [InlineData("https://www.livslinien.dk", true)]
    [InlineData("mailto:sbst@sbst.dk", true)]
    [InlineData("tel:70201201", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JAVASCRIPT:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_site_paths_and_ordinary_schemes_are_allowed(string? url, bool allowed) =>
        Assert.Equal(allowed, SafeUrl.IsAllowed(url));
}
