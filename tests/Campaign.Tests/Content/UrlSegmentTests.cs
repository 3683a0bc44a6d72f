using Campaign.Web.Content;

namespace Campaign.Tests.Content;

public sealed class UrlSegmentTests
{
    [Theory]
    [InlineData("Få hjælp", "faa-hjaelp")]
    [InlineData("Æbleskiver & øl i Ærø", "aebleskiver-oel-i-aeroe")]
    [InlineData("Hvad er ensomhed?", "hvad-er-ensomhed")]
    [InlineData("  Café Rødovre – for alle  ", "cafe-roedovre-for-alle")]
    [InlineData("ÅRHUS", "aarhus")]
    [InlineData("Strategi 2024-2028", "strategi-2024-2028")]
    [InlineData("!!!", "side")]
    public void Danish_names_become_readable_segments(string name, string expected) =>
        Assert.Equal(expected, UrlSegment.From(name));

    [Fact]
    public void Duplicates_among_siblings_get_a_number()
    {
        Assert.Equal("nyheder-2", UrlSegment.Unique("Nyheder", ["nyheder"], atTopLevel: false));
        Assert.Equal("nyheder-3", UrlSegment.Unique("Nyheder", ["nyheder", "nyheder-2"], atTopLevel: false));
        Assert.Equal("nyheder", UrlSegment.Unique("Nyheder", ["kontakt"], atTopLevel: false));
    }

    [Fact]
    public void Top_level_pages_cannot_take_the_applications_own_paths()
    {
        Assert.Equal("arrangementer-2", UrlSegment.Unique("Arrangementer", [], atTopLevel: true));
        Assert.Equal("arrangementer", UrlSegment.Unique("Arrangementer", [], atTopLevel: false));
    }

    [Fact]
    public void Long_names_are_cut_at_a_word_boundary_dash()
    {
        var segment = UrlSegment.From(string.Join(' ', Enumerable.Repeat("fællesskab", 20)));
        Assert.True(segment.Length <= 80);
        Assert.False(segment.EndsWith('-'));
    }
}
