using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>Administrators invite staff, change roles and close people's access; no one else can.</summary>
public sealed partial class StaffTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    [Fact]
    public async Task An_administrator_invites_a_moderator_who_sets_a_password_and_must_then_set_up_two_factor()
    {
        var (admin, _) = await App.StaffSignedInAsync(Roles.Administrator);
        var email = Portal.Unique("ny") + "@sbst.example";

        var invited = await Forms.PostAsync(admin, "/redaktion/medarbejdere", [new("InviteName", "Nina Ny"), new("InviteEmail", email), new("InviteRole", Roles.Moderator)], "/redaktion/medarbejdere?handler=Invite");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var mail = await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().SingleAsync(m => m.ToAddress == email));
        var link = new Uri(Link().Match(mail.TextBody).Value);
        var client = App.Client();
        var set = await Forms.PostAsync(client, link.PathAndQuery, [new("Password", "nina vælger en lang adgangskode")], link.PathAndQuery);
        Assert.Contains("href=\"/redaktion/log-ind\"", await set.Content.ReadAsStringAsync());
        var signedIn = await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", email), new("Password", "nina vælger en lang adgangskode")]);
        Assert.Equal("/redaktion/totp", signedIn.Headers.Location?.OriginalString);
        Assert.True(await App.With(async services =>
        {
            var users = services.GetRequiredService<UserManager<CampaignUser>>();
            return await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, Roles.Moderator);
        }));
    }

    [Fact]
    public async Task Roles_are_changed_and_access_closed_by_administrators_only()
    {
        var (admin, _) = await App.StaffSignedInAsync(Roles.Administrator);
        var (editor, editorEmail) = await App.StaffSignedInAsync(Roles.Editor);
        var editorId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == editorEmail).Select(u => u.Id).SingleAsync());

        var asEditor = await editor.GetAsync("/redaktion/medarbejdere");
        Assert.Equal("/fejl/403", asEditor.Headers.Location?.AbsolutePath);

        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [new("role", Roles.Moderator)], $"/redaktion/medarbejdere?handler=Role&userId={editorId}");
        Assert.True(await App.With(async services =>
        {
            var users = services.GetRequiredService<UserManager<CampaignUser>>();
            var person = (await users.FindByIdAsync(editorId.ToString()))!;
            return await users.IsInRoleAsync(person, Roles.Moderator) && !await users.IsInRoleAsync(person, Roles.Editor);
        }));

        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Disable&userId={editorId}");
        var locked = await Forms.PostAsync(App.Client(), "/redaktion/log-ind", [new("Email", editorEmail), new("Password", Portal.Password)]);
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("Din adgang er lukket", await locked.Content.ReadAsStringAsync());

        var unknown = await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Disable&userId={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [GeneratedRegex(@"https?://\S+/forening/ny-adgangskode\?\S+")]
    private static partial Regex Link();
}
