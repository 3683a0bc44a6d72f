using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Tests.Content;

public sealed class ContentNodeTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static ContentData Text(string text) => new() { Properties = new() { ["intro"] = text }, Blocks = [new RichTextBlock(text)] };

    private static ContentNode NewNode()
    {
        var node = ContentNode.Create(Guid.NewGuid(), Guid.NewGuid(), ContentTypes.Page, "Om kampagnen", "om-kampagnen", 0, "anna", Now);
        node.SaveDraft("Om kampagnen", Text("første"), "anna", Now);
        return node;
    }

    [Fact]
    public void A_new_node_is_only_a_draft()
    {
        var node = NewNode();

        Assert.False(node.IsPublished);
        Assert.Null(node.Published);
        Assert.Equal("første", node.Draft?.ReadData().Get("intro"));
    }

    [Fact]
    public void Publishing_makes_the_draft_live_and_records_who_and_when()
    {
        var node = NewNode();

        var published = node.Publish("bo", Now.AddMinutes(5));

        Assert.True(node.IsPublished);
        Assert.Null(node.Draft);
        Assert.Equal("bo", published.PublishedBy);
        Assert.Equal(Now.AddMinutes(5), published.PublishedAt);
    }

    [Fact]
    public void A_new_draft_leaves_the_published_version_untouched()
    {
        var node = NewNode();
        node.Publish("bo", Now);

        node.SaveDraft("Om kampagnen", Text("anden"), "anna", Now.AddHours(1));

        Assert.Equal("første", node.Published?.ReadData().Get("intro"));
        Assert.Equal("anden", node.Draft?.ReadData().Get("intro"));
        Assert.Equal("anden", node.Current?.ReadData().Get("intro"));
        Assert.Equal([1, 2], node.Versions.Select(v => v.Number));
    }

    [Fact]
    public void Unpublishing_keeps_what_was_live_as_the_draft()
    {
        var node = NewNode();
        node.Publish("bo", Now);

        node.Unpublish("bo", Now);

        Assert.False(node.IsPublished);
        Assert.Equal("første", node.Draft?.ReadData().Get("intro"));
    }

    [Fact]
    public void Publishing_without_a_draft_is_refused()
    {
        var node = NewNode();
        node.Publish("bo", Now);

        var error = Assert.Throws<ContentRuleException>(() => node.Publish("bo", Now));
        Assert.Equal("Der er ingen kladde at udgive.", error.Message);
    }

    [Fact]
    public void A_save_from_an_older_revision_is_a_conflict()
    {
        var node = NewNode();
        var seen = node.Revision;
        node.SaveDraft("Om kampagnen", Text("andens ændring"), "bo", Now.AddMinutes(1));

        var conflict = Assert.Throws<ContentConflictException>(() => node.EnsureRevision(seen));

        Assert.Equal("bo", conflict.ChangedBy);
        Assert.Contains("blev ændret af bo", conflict.Message);
    }

    [Fact]
    public void Content_types_check_required_and_unknown_properties()
    {
        var errors = ContentTypes.Page.Validate(new ContentData { Properties = new() { ["farve"] = "rød", ["navigation"] = "top" } }).ToList();

        Assert.Contains("Udfyld feltet \"Indledning\".", errors);
        Assert.Contains(errors, e => e.Contains("\"farve\" findes ikke"));
        Assert.Contains(errors, e => e.StartsWith("\"Vis i menu\" skal være en af"));
    }
}
