using System.Text.Json;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Features.Newsletter;

namespace Campaign.Tests.Newsletter;

/// <summary>The subscriber's rules, the list headers and the block, without the app.</summary>
public sealed class NewsletterRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_signup_is_pending_normalized_and_carries_a_random_token_that_is_not_its_id()
    {
        var a = Subscriber.SignUp("  Karen.Nielsen@Example.ORG ", " Karen ", NewsletterInterests.Campaign, 175, Now);
        var b = Subscriber.SignUp("ole@example.org", null, NewsletterInterests.Research, null, Now);

        Assert.Equal("karen.nielsen@example.org", a.Email);
        Assert.Equal("Karen", a.Name);
        Assert.Equal(SubscriberStatus.Pending, a.Status);
        Assert.Null(a.MunicipalityCode);
        Assert.Equal(43, a.Token.Length);
        Assert.NotEqual(a.Token, b.Token);
        Assert.DoesNotContain(a.Id.ToString("N"), a.Token);
        Assert.Equal(Now + Subscriber.ConfirmationLifetime, a.DeleteAfter);
    }

    [Fact]
    public void Confirming_unsubscribing_and_signing_up_again_follow_the_rules()
    {
        var subscriber = Subscriber.SignUp("karen@example.org", null, NewsletterInterests.LocalEvents, 101, Now);

        Assert.True(subscriber.Confirm(Now.AddHours(1)));
        Assert.False(subscriber.Confirm(Now.AddHours(2)));
        Assert.Null(subscriber.DeleteAfter);
        Assert.Throws<SubscriberRuleException>(() => subscriber.SignUpAgain(null, NewsletterInterests.Campaign, null));
        Assert.True(subscriber.Unsubscribe(Now.AddDays(1)));
        Assert.False(subscriber.Unsubscribe(Now.AddDays(2)));
        Assert.Equal(Now.AddDays(1) + Subscriber.EndedRetention, subscriber.DeleteAfter);
        Assert.Throws<SubscriberRuleException>(() => subscriber.Confirm(Now.AddDays(3)));
        Assert.Throws<SubscriberRuleException>(() => subscriber.IssueQueued(Now.AddDays(3)));

        subscriber.SignUpAgain("Karen", NewsletterInterests.Campaign, null);
        Assert.Equal(SubscriberStatus.Pending, subscriber.Status);
        Assert.Null(subscriber.UnsubscribedAt);
        Assert.Null(subscriber.MunicipalityCode);
    }

    [Fact]
    public void Choices_need_a_topic_and_a_real_municipality_for_local_events()
    {
        Assert.Throws<SubscriberRuleException>(() => Subscriber.SignUp("a@example.org", null, NewsletterInterests.None, null, Now));
        Assert.Throws<SubscriberRuleException>(() => Subscriber.SignUp("a@example.org", null, NewsletterInterests.LocalEvents, null, Now));
        Assert.Throws<SubscriberRuleException>(() => Subscriber.SignUp("a@example.org", null, NewsletterInterests.LocalEvents, 999, Now));
        Assert.Throws<SubscriberRuleException>(() => Subscriber.SignUp("a@example.org", new string('x', 101), NewsletterInterests.Campaign, null, Now));
    }

    [Fact]
    public void Signup_mail_is_limited_to_one_per_interval()
    {
        var subscriber = Subscriber.SignUp("a@example.org", null, NewsletterInterests.Campaign, null, Now);
        Assert.True(subscriber.MayMail(Now));
        subscriber.SignupMailQueued(Now);

        Assert.False(subscriber.MayMail(Now + Subscriber.MailInterval - TimeSpan.FromSeconds(1)));
        Assert.True(subscriber.MayMail(Now + Subscriber.MailInterval));
        Assert.Equal(Now + Subscriber.ConfirmationLifetime, subscriber.DeleteAfter);
    }

    [Fact]
    public void The_list_headers_offer_https_and_mailto_unsubscribe_and_one_click()
    {
        var headers = NewsletterHeaders.For("https://talomensomhed.dk/nyhedsbrev/afmeld/abc_-1", "afmeld@talomensomhed.dk", "abc_-1", "talomensomhed.dk");

        Assert.Equal("<https://talomensomhed.dk/nyhedsbrev/afmeld/abc_-1>, <mailto:afmeld@talomensomhed.dk?subject=afmeld%20abc_-1>", headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        Assert.Equal("Tal om ensomhed nyhedsbrev <nyhedsbrev.talomensomhed.dk>", headers["List-Id"]);
    }

    [Fact]
    public void Interests_read_from_the_form_and_describe_themselves_in_danish()
    {
        var interests = Interests.Parse(["viden", "arrangementer", "noget-andet", null]);

        Assert.Equal(NewsletterInterests.LocalEvents | NewsletterInterests.Research, interests);
        Assert.Equal("Arrangementer i Rødovre Kommune og viden og forskning", Interests.Describe(interests, 175));
        Assert.Equal(["arrangementer", "viden"], Interests.Values(interests));
    }

    [Fact]
    public void Every_consent_text_has_a_unique_version_and_the_current_one_is_among_them()
    {
        Assert.Contains(ConsentTexts.Current, ConsentTexts.All);
        Assert.Equal(ConsentTexts.All.Count, ConsentTexts.All.Select(t => t.Version).Distinct().Count());
        Assert.Same(ConsentTexts.Current, ConsentTexts.Find(ConsentTexts.Current.Version));
        Assert.Null(ConsentTexts.Find("1999-01"));
    }

    [Fact]
    public void The_newsletter_signup_block_round_trips_through_json_as_newsletterSignup()
    {
        var data = new ContentData { Blocks = [new NewsletterSignupBlock("Få nyt", "Om ensomhed."), new NewsletterSignupBlock()] };

        var json = ContentJson.Serialize(data);
        var back = ContentJson.Deserialize(json);

        Assert.Contains("\"type\":\"newsletterSignup\"", json);
        Assert.Equal(data.Blocks, back.Blocks);
        Assert.Empty(back.Blocks.SelectMany(b => b.Validate()));
        Assert.NotEmpty(new NewsletterSignupBlock(new string('x', 121)).Validate());
        Assert.Equal(JsonSerializer.Serialize(data.Blocks[0], ContentJson.Options), JsonSerializer.Serialize(back.Blocks[0], ContentJson.Options));
    }
}
