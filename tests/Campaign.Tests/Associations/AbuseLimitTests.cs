using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.Associations;

/// <summary>The limits against automation: the form stamp's maximum age, the search rate limit and the invitation quota.</summary>
public sealed class AbuseLimitTests
{
    [Fact]
    public async Task A_form_stamp_older_than_the_maximum_age_is_refused_and_what_was_typed_is_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new CampaignApp().UseClock(clock).With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000");
        var client = app.Client();
        var email = Portal.Unique("sen") + "@example.org";
        var page = await Html.ParseAsync(await client.GetAsync("/forening/opret"));
        var form = page.QuerySelectorAll("form[method=post]").First(f => f.QuerySelector("input[name='Form.Email']") is not null);
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(Portal.Registration(email, "Den sene forening"))
            .ToList();

        clock.Advance(TimeSpan.FromHours(25));
        var late = await client.PostAsync("/forening/opret", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var html = await Html.ParseAsync(late);
        Assert.Contains("været åben for længe", html.Body!.TextContent);
        Assert.Equal("Den sene forening", html.QuerySelector("input[name='Form.Name']")!.GetAttribute("value"));
        Assert.Equal(email, html.QuerySelector("input[name='Form.Email']")!.GetAttribute("value"));
        Assert.False(await app.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Email == email)));

        // The page came back with a fresh stamp: sending it again works.
        var again = await Forms.PostAsync(client, "/forening/opret", Portal.Registration(email, "Den sene forening"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task Search_is_rate_limited_per_address_with_a_danish_page()
    {
        await using var app = new CampaignApp().With("Abuse:SearchPermitsPerMinute", "3");
        var client = app.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/soeg?q=ensomhed{i}")).StatusCode);
        }

        var limited = await client.GetAsync("/soeg?q=qqxyzzy");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("For mange forsøg", await limited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/arrangementer")).StatusCode);
    }

    [Fact]
    public async Task An_association_can_send_only_so_many_invitations_a_day()
    {
        await using var app = new CampaignApp().With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000")
            .With("Abuse:SubmitPermitsPer10Minutes", "1000").With("Abuse:InvitationsPerDay", "2");
        var (member, _) = await app.RegisterAndSignInAsync();
        var invitees = Enumerable.Range(0, 3).Select(i => Portal.Unique($"ven{i}") + "@example.org").ToList();

        foreach (var invitee in invitees.Take(2))
        {
            var sent = await Forms.PostAsync(member, "/forening/medlemmer", [new("InviteName", "En ven"), new("InviteEmail", invitee)], "/forening/medlemmer?handler=Invite");
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var third = await Forms.PostAsync(member, "/forening/medlemmer", [new("InviteName", "En ven"), new("InviteEmail", invitees[2])], "/forening/medlemmer?handler=Invite");

        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("I har sendt 2 invitationer det seneste døgn", await third.Content.ReadAsStringAsync());
        Assert.False(await app.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Email == invitees[2])));
        Assert.False(await app.With(services => services.GetRequiredService<CampaignDb>().OutboxMessages.AnyAsync(m => m.ToAddress == invitees[2])));
    }

    [Theory]
    [InlineData("Abuse:MaximumFillHours", "0", "Abuse:MaximumFillHours")]
    [InlineData("Abuse:SearchPermitsPerMinute", "0", "Abuse:SearchPermitsPerMinute")]
    [InlineData("Abuse:InvitationsPerDay", "-1", "Abuse:InvitationsPerDay")]
    [InlineData("Media:UploadQuotaMegabytes", "1", "Media:UploadQuotaMegabytes")]
    [InlineData("Media:OrphanGracePeriod", "00:00:01", "Media:OrphanGracePeriod")]
    public void A_wrong_limit_stops_the_start_naming_the_key(string key, string value, string named)
    {
        using var app = new CampaignApp().With(key, value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(named, error.Message);
    }
}
