using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Associations;

/// <summary>Password reset, invitations, leaving, cancelling and deleting, the editors' digest, and who may touch what.</summary>
public sealed partial class AccountLifecycleTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Task<OutboxMessage> LastMailAsync(string to, string subject) => App.With(services =>
        services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().Where(m => m.ToAddress == to && m.Subject == subject).OrderByDescending(m => m.CreatedAt).FirstAsync());

    private async Task<Guid> PostEventAsync(HttpClient client, string title, string handling = "send")
    {
        var fields = Portal.EventFields(title);
        fields["handling"] = handling;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/forening/arrangement", fields)).StatusCode);
        return await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Details.Title == title).Select(e => e.Id).SingleAsync());
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_link_in_the_mail()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var asked = await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", email)]);
        var unknown = await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", "ingen-her@example.org")]);

        var answer = await asked.Content.ReadAsStringAsync();
        Assert.Contains("Hvis der findes en profil med den adresse", answer);
        Assert.Contains("Hvis der findes en profil med den adresse", await unknown.Content.ReadAsStringAsync());
        var mail = await LastMailAsync(email, "Nulstil din adgangskode");
        var link = new Uri(Link().Match(mail.TextBody).Value);
        var client = App.Client();
        var reset = await Forms.PostAsync(client, link.PathAndQuery, [new("Password", "en helt ny lang adgangskode")], link.PathAndQuery);
        Assert.Contains("Din adgangskode er gemt", await reset.Content.ReadAsStringAsync());
        var signedIn = await Forms.PostAsync(client, "/forening/log-ind", [new("Email", email), new("Password", "en helt ny lang adgangskode")]);
        Assert.Equal("/forening", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_invited_member_chooses_a_password_and_can_then_post_for_the_association()
    {
        var (owner, _) = await App.RegisterAndSignInAsync();
        var invitedEmail = Portal.Unique("ole") + "@example.org";

        var invited = await Forms.PostAsync(owner, "/forening/medlemmer", [new("InviteName", "Ole Olsen"), new("InviteEmail", invitedEmail)], "/forening/medlemmer?handler=Invite");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var mail = await LastMailAsync(invitedEmail, (await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().Where(m => m.ToAddress == invitedEmail).Select(m => m.Subject).SingleAsync())));
        Assert.StartsWith("Du er inviteret til", mail.Subject);
        var link = new Uri(Link().Match(mail.TextBody).Value);
        var client = App.Client();
        await Forms.PostAsync(client, link.PathAndQuery, [new("Password", "ole har en lang adgangskode")], link.PathAndQuery);
        var signedIn = await Forms.PostAsync(client, "/forening/log-ind", [new("Email", invitedEmail), new("Password", "ole har en lang adgangskode")]);
        Assert.Equal("/forening", signedIn.Headers.Location?.OriginalString);
        var title = Portal.Unique("Oles gåtur");
        await PostEventAsync(client, title);
        Assert.Contains(title, await owner.GetStringAsync("/forening"));
        Assert.Contains("Ole Olsen", await owner.GetStringAsync("/forening/medlemmer"));
    }

    [Fact]
    public async Task The_last_member_cannot_leave_and_others_can_be_removed()
    {
        var (owner, ownerEmail) = await App.RegisterAndSignInAsync();
        var ownerId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == ownerEmail).Select(u => u.Id).SingleAsync());

        var alone = await Forms.PostAsync(owner, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Remove&memberId={ownerId}");
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Contains("mindst ét medlem", await alone.Content.ReadAsStringAsync());

        var otherEmail = Portal.Unique("pia") + "@example.org";
        await Forms.PostAsync(owner, "/forening/medlemmer", [new("InviteName", "Pia"), new("InviteEmail", otherEmail)], "/forening/medlemmer?handler=Invite");
        var otherId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == otherEmail).Select(u => u.Id).SingleAsync());
        var (stranger, _) = await App.RegisterAndSignInAsync();
        var strangerRemove = await Forms.PostAsync(stranger, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Remove&memberId={otherId}");
        Assert.Equal(HttpStatusCode.NotFound, strangerRemove.StatusCode);

        var removed = await Forms.PostAsync(owner, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Remove&memberId={otherId}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Id == otherId)));
    }

    [Fact]
    public async Task A_published_event_is_cancelled_with_a_message_and_a_draft_is_deleted()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        var associationId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == email).Select(u => u.AssociationId!.Value).SingleAsync());
        var (editor, _) = await App.StaffSignedInAsync();
        await Forms.PostAsync(editor, "/redaktion/moderation", [new("decision", "betroet")], $"/redaktion/moderation?handler=Association&id={associationId}");
        var published = await PostEventAsync(client, Portal.Unique("Koncert"));
        var draft = await PostEventAsync(client, Portal.Unique("Kladde"), handling: "gem");

        var noMessage = await Forms.PostAsync(client, $"/forening/arrangement/{published}/aflys", [new("Message", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, noMessage.StatusCode);
        await Forms.PostAsync(client, $"/forening/arrangement/{published}/aflys", [new("Message", "Sangeren er syg.")]);
        await Forms.PostAsync(client, $"/forening/arrangement/{draft}/aflys", []);

        var slug = await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Id == published).Select(e => e.Slug).SingleAsync());
        var page = await App.Client().GetStringAsync($"/arrangementer/{slug}");
        Assert.Contains("Arrangementet er aflyst", page);
        Assert.Contains("Sangeren er syg.", page);
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Events.AnyAsync(e => e.Id == draft)));
    }

    [Fact]
    public async Task Another_associations_event_ids_are_404_on_every_route()
    {
        var (alice, _) = await App.RegisterAndSignInAsync();
        var (bob, _) = await App.RegisterAndSignInAsync();
        var id = await PostEventAsync(alice, Portal.Unique("Alices"), handling: "gem");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/forening/arrangement/{id}/aflys")).StatusCode);
        var bobToken = await Html.ParseAsync(await bob.GetAsync("/forening/arrangement"));
        var token = bobToken.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var postEdit = await bob.PostAsync($"/forening/arrangement/{id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Form.Title", "Kapret")]));
        var postCancel = await bob.PostAsync($"/forening/arrangement/{id}/aflys", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, postEdit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, postCancel.StatusCode);
        Assert.Equal(EventStatus.Draft, await App.With(services => services.GetRequiredService<CampaignDb>().Events.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()));

        foreach (var url in new[] { $"/forening/arrangement/{id}", $"/forening/arrangement/{id}/aflys", "/forening", "/forening/medlemmer" })
        {
            var anonymous = await App.Client().GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/forening/log-ind", anonymous.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Editors_get_one_digest_a_day_of_what_waits()
    {
        var (client, _) = await App.RegisterAndSignInAsync();
        await PostEventAsync(client, Portal.Unique("Venter"));
        var (_, editorEmail) = await App.StaffSignedInAsync();
        var day = new DateOnly(2031, 1, 15);

        var first = await App.With(services => ModerationDigest.SendAsync(services, day, default));
        var again = await App.With(services => ModerationDigest.SendAsync(services, day, default));

        Assert.True(first >= 1);
        Assert.Equal(0, again);
        var mail = await LastMailAsync(editorEmail, "Det venter på moderation i dag");
        Assert.Contains("venter på godkendelse", mail.TextBody);
    }

    [Fact]
    public async Task A_member_can_choose_two_factor_sign_in()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        var page = await Html.ParseAsync(await client.GetAsync("/forening/sikkerhed"));
        var key = page.QuerySelector(".totp-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var enabled = await Forms.PostAsync(client, "/forening/sikkerhed", [new("Code", Portal.Totp(key, App.Now()))]);
        Assert.Contains("To-trins-login er slået til", await enabled.Content.ReadAsStringAsync());

        var fresh = App.Client();
        var password = await Forms.PostAsync(fresh, "/forening/log-ind", [new("Email", email), new("Password", Portal.Password)]);
        Assert.Equal("/forening/log-ind/kode", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/forening")).StatusCode);
        // The code used to turn it on cannot be used again: the next one from the app can.
        var coded = await Forms.PostAsync(fresh, "/forening/log-ind/kode", [new("Code", Portal.Totp(key, App.Now().AddSeconds(30)))]);
        Assert.Equal("/forening", coded.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/forening")).StatusCode);
    }

    [GeneratedRegex(@"https?://\S+/forening/ny-adgangskode\?\S+")]
    private static partial Regex Link();
}
