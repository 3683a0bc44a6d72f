using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Features.Partnerships;

namespace Campaign.Tests.Partnerships;

public sealed class PartnershipRulesTests
{
    private static ContentData Partnership(params (string Key, string Value)[] properties)
    {
        var data = new ContentData { Properties = new() { ["intro"] = "Sammen mod ensomhed.", ["municipalityCode"] = "175" } };
        foreach (var (key, value) in properties)
        {
            data.Properties[key] = value;
        }

        return data;
    }

    [Fact]
    public void A_partnership_needs_a_valid_municipality_code()
    {
        Assert.Empty(ContentTypes.Partnership.Validate(Partnership()));
        Assert.Contains(ContentTypes.Partnership.Validate(Partnership(("municipalityCode", ""))), e => e == "Udfyld feltet \"Kommune\".");
        Assert.Contains(ContentTypes.Partnership.Validate(Partnership(("municipalityCode", "999"))), e => e.Contains("999") && e.Contains("ikke en af de mulige"));
        Assert.Contains(ContentTypes.Partnership.Validate(Partnership(("municipalityCode", "roedovre"))), e => e.Contains("Kommune"));
    }

    [Fact]
    public void Contact_email_and_strategy_link_are_checked()
    {
        Assert.Empty(ContentTypes.Partnership.Validate(Partnership(("contactEmail", "ensomhed@kommune.example"), ("strategyUrl", "https://kommune.example/strategi.pdf"))));
        Assert.Contains(ContentTypes.Partnership.Validate(Partnership(("contactEmail", "ikke en adresse"))), e => e.Contains("e-mailadresse"));
        Assert.Contains(ContentTypes.Partnership.Validate(Partnership(("strategyUrl", "javascript:alert(1)"))), e => e.Contains("Linket"));
    }

    [Fact]
    public void A_news_article_may_name_a_municipality_and_it_must_exist()
    {
        var article = new ContentData { Properties = new() { ["intro"] = "Nyt fra Odsherred.", ["date"] = "2025-03-17" } };
        Assert.Empty(ContentTypes.NewsArticle.Validate(article));
        article.Properties["municipalityCode"] = "306";
        Assert.Empty(ContentTypes.NewsArticle.Validate(article));
        article.Properties["municipalityCode"] = "1";
        Assert.NotEmpty(ContentTypes.NewsArticle.Validate(article));
    }

    [Fact]
    public void Partnerships_live_under_the_index_and_the_index_under_home()
    {
        Assert.Contains("partnershipIndex", ContentTypes.Home.AllowedChildren);
        Assert.Equal(["partnership"], ContentTypes.PartnershipIndex.AllowedChildren);
        Assert.Empty(ContentTypes.Partnership.AllowedChildren);
    }

    [Fact]
    public void A_members_block_round_trips_and_validates()
    {
        var block = new MembersBlock([new PartnershipMember("Fritidsborger Asnæs", "Forening"), new PartnershipMember("Kommunen", "Kommune", "https://kommune.example")], "Med i partnerskabet");
        var back = ContentJson.Deserialize(ContentJson.Serialize(new ContentData { Blocks = [block] }));

        var members = Assert.IsType<MembersBlock>(Assert.Single(back.Blocks));
        Assert.Equal(block.Members, members.Members);
        Assert.Contains("\"type\":\"members\"", ContentJson.Serialize(new ContentData { Blocks = [block] }));
        Assert.Empty(block.Validate());
        Assert.NotEmpty(new MembersBlock([]).Validate());
        Assert.NotEmpty(new MembersBlock([new PartnershipMember("", "Forening")]).Validate());
        Assert.NotEmpty(new MembersBlock([new PartnershipMember("X", "Forening", "javascript:alert(1)")]).Validate());
    }

    [Fact]
    public void A_join_request_is_only_for_the_associations_own_municipality_and_is_decided_once()
    {
        var now = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Throws<JoinRequestException>(() => PartnershipJoinRequest.Ask(Guid.NewGuid(), Guid.NewGuid(), 175, Guid.NewGuid(), 306, null, "a@b.example", now));
        Assert.Throws<JoinRequestException>(() => PartnershipJoinRequest.Ask(Guid.NewGuid(), Guid.NewGuid(), 175, Guid.NewGuid(), 175, new string('x', 1001), "a@b.example", now));

        var request = PartnershipJoinRequest.Ask(Guid.NewGuid(), Guid.NewGuid(), 175, Guid.NewGuid(), 175, "  Vi vil gerne være med.  ", "a@b.example", now);
        Assert.Equal(JoinRequestStatus.Pending, request.Status);
        Assert.Equal("Vi vil gerne være med.", request.Message);
        Assert.Throws<JoinRequestException>(() => request.Reject("redaktør", " ", now));
        Assert.Equal(JoinRequestStatus.Pending, request.Status);

        request.Approve("redaktør", now);
        Assert.Equal(JoinRequestStatus.Approved, request.Status);
        Assert.Equal("redaktør", request.DecidedBy);
        Assert.Throws<JoinRequestException>(() => request.Reject("en anden", "For sent.", now));
        Assert.Throws<JoinRequestException>(() => request.Approve("en anden", now));
    }
}
