using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// Staff sign-in's second step (a code from the app, a recovery code, lockout), codes that cannot be replayed,
/// recovery codes that are not kept in plain text, and access that a password reset cannot reopen.
/// </summary>
public sealed partial class StaffSignInTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private async Task<HttpClient> PasswordStepAsync(string email, string password = Portal.Password)
    {
        var client = App.Client();
        var answer = await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", email), new("Password", password)]);
        Assert.StartsWith("/redaktion/log-ind/kode", answer.Headers.Location?.OriginalString);
        return client;
    }

    private Task<string?> StoredRecoveryCodesAsync(Guid id) => App.With(services =>
        services.GetRequiredService<CampaignDb>().UserTokens.Where(t => t.UserId == id && t.Name == "RecoveryCodes").Select(t => t.Value).SingleOrDefaultAsync());

    [Fact]
    public async Task Staff_sign_in_with_a_correct_code_and_the_same_code_is_refused_the_second_time()
    {
        var staff = await App.StaffEnrolledAsync();
        var code = Portal.Totp(staff.Key, App.Now().AddSeconds(30));

        var client = await PasswordStepAsync(staff.Email);
        var coded = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", code)]);
        Assert.Equal("/redaktion", coded.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/redaktion")).StatusCode);

        // Someone who saw the code typed tries it within its window.
        var replayer = await PasswordStepAsync(staff.Email);
        var replayed = await Forms.PostAsync(replayer, "/redaktion/log-ind/kode", [new("Code", code)]);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("Koden er forkert", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await replayer.GetAsync("/redaktion")).StatusCode);

        // The enrolment code, from an earlier step, cannot be used either.
        var older = await Forms.PostAsync(replayer, "/redaktion/log-ind/kode", [new("Code", Portal.Totp(staff.Key, App.Now()))]);
        Assert.Equal(HttpStatusCode.BadRequest, older.StatusCode);
    }

    [Fact]
    public async Task Staff_sign_in_with_a_recovery_code_once_and_codes_are_stored_hashed()
    {
        var staff = await App.StaffEnrolledAsync();
        Assert.Equal(10, staff.RecoveryCodes.Count);
        var stored = await StoredRecoveryCodesAsync(staff.Id);
        Assert.NotNull(stored);
        Assert.All(staff.RecoveryCodes, code => Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase));

        var client = await PasswordStepAsync(staff.Email);
        var recovered = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", staff.RecoveryCodes[3])]);
        Assert.Equal("/redaktion", recovered.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/redaktion")).StatusCode);

        var again = await PasswordStepAsync(staff.Email);
        var reused = await Forms.PostAsync(again, "/redaktion/log-ind/kode", [new("Code", staff.RecoveryCodes[3])]);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(9, (await StoredRecoveryCodesAsync(staff.Id))!.Split(';').Length);
    }

    [Fact]
    public async Task Recovery_codes_stored_in_plain_text_before_still_work_and_are_then_stored_hashed()
    {
        var staff = await App.StaffEnrolledAsync();
        await App.With(async services =>
        {
            var db = services.GetRequiredService<CampaignDb>();
            var token = await db.UserTokens.SingleAsync(t => t.UserId == staff.Id && t.Name == "RecoveryCodes");
            token.Value = "gammel01;gammel02";
            return await db.SaveChangesAsync();
        });

        var client = await PasswordStepAsync(staff.Email);
        var recovered = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", "gammel01")]);

        Assert.Equal("/redaktion", recovered.Headers.Location?.OriginalString);
        var stored = (await StoredRecoveryCodesAsync(staff.Id))!;
        Assert.DoesNotContain("gammel", stored, StringComparison.Ordinal);
        Assert.Single(stored.Split(';'));
        var second = await Forms.PostAsync(await PasswordStepAsync(staff.Email), "/redaktion/log-ind/kode", [new("Code", "gammel02")]);
        Assert.Equal("/redaktion", second.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_and_the_lockout_is_audited()
    {
        var staff = await App.StaffEnrolledAsync();
        var client = await PasswordStepAsync(staff.Email);

        HttpResponseMessage last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", "000000")]);
            Assert.Equal(HttpStatusCode.BadRequest, last.StatusCode);
        }

        Assert.Contains("Du har prøvet for mange gange", await last.Content.ReadAsStringAsync());
        var right = await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", Portal.Totp(staff.Key, App.Now().AddSeconds(30)))]);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("Du har prøvet for mange gange", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/redaktion")).StatusCode);
        Assert.Equal(1, await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries
            .CountAsync(a => a.ItemId == staff.Id && a.Action == "Låst ude efter for mange forsøg")));
    }

    [Fact]
    public async Task A_closed_staff_account_stays_closed_after_a_password_reset_until_an_administrator_reopens_it()
    {
        var (admin, _) = await App.StaffSignedInAsync(Roles.Administrator);
        var editor = await App.StaffEnrolledAsync(Roles.Editor);
        var resetLink = await App.With(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CampaignUser>>();
            var code = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(editor.Id.ToString()))!);
            return $"/forening/ny-adgangskode?bruger={editor.Id}&kode={Uri.EscapeDataString(code)}";
        });

        var closed = await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Disable&userId={editor.Id}");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Contains("adgang lukket", await admin.GetStringAsync("/redaktion/medarbejdere"));

        var asked = await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", editor.Email)]);
        Assert.Contains("Hvis der findes en profil med den adresse", await asked.Content.ReadAsStringAsync());
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().AnyAsync(m => m.ToAddress == editor.Email && m.Subject == "Nulstil din adgangskode")));
        var reset = await Forms.PostAsync(App.Client(), resetLink, [new("Password", "redaktøren prøver en ny kode")], resetLink);
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);

        var signIn = await Forms.PostAsync(App.Client(), "/redaktion/log-ind", [new("Email", editor.Email), new("Password", Portal.Password)]);
        var wrong = await Forms.PostAsync(App.Client(), "/redaktion/log-ind", [new("Email", editor.Email), new("Password", "ikke den rigtige kode")]);
        Assert.Contains("Din adgang er lukket", await signIn.Content.ReadAsStringAsync());
        Assert.Contains("E-mail eller adgangskode er forkert", await wrong.Content.ReadAsStringAsync());

        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Disable&userId={editor.Id}");
        var reopened = await Forms.PostAsync(App.Client(), "/redaktion/log-ind", [new("Email", editor.Email), new("Password", Portal.Password)]);
        Assert.StartsWith("/redaktion/log-ind/kode", reopened.Headers.Location?.OriginalString);
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == editor.Id && a.Action == "Lukkede adgang")));
    }

    [Fact]
    public async Task An_administrator_removes_a_staff_member_but_not_themselves()
    {
        var (admin, adminEmail) = await App.StaffSignedInAsync(Roles.Administrator);
        var moderator = await App.StaffEnrolledAsync();
        var adminId = await App.With(services => services.GetRequiredService<CampaignDb>().Users.Where(u => u.Email == adminEmail).Select(u => u.Id).SingleAsync());

        var self = await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Remove&userId={adminId}");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        var removed = await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Remove&userId={moderator.Id}");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await App.With(services => services.GetRequiredService<CampaignDb>().Users.AnyAsync(u => u.Id == moderator.Id)));
        Assert.DoesNotContain(moderator.Email, await admin.GetStringAsync("/redaktion/medarbejdere"));
        var signIn = await Forms.PostAsync(App.Client(), "/redaktion/log-ind", [new("Email", moderator.Email), new("Password", Portal.Password)]);
        Assert.Contains("E-mail eller adgangskode er forkert", await signIn.Content.ReadAsStringAsync());
        Assert.True(await App.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == moderator.Id && a.Action == "Fjernede medarbejder")));
    }

    [Fact]
    public async Task Staff_change_their_password_with_the_current_one()
    {
        var staff = await App.StaffEnrolledAsync(Roles.Editor);
        Assert.Contains("href=\"/redaktion/adgangskode\"", await staff.Client.GetStringAsync("/redaktion"));

        var wrong = await Forms.PostAsync(staff.Client, "/redaktion/adgangskode", [new("CurrentPassword", "ikke den rigtige"), new("NewPassword", "redaktøren vælger en ny lang")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var changed = await Forms.PostAsync(staff.Client, "/redaktion/adgangskode", [new("CurrentPassword", Portal.Password), new("NewPassword", "redaktøren vælger en ny lang")]);

        Assert.Contains("Din adgangskode er skiftet", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.GetAsync("/redaktion")).StatusCode);
        await PasswordStepAsync(staff.Email, "redaktøren vælger en ny lang");
        Assert.Equal(HttpStatusCode.Redirect, (await App.Client().GetAsync("/redaktion/adgangskode")).StatusCode);
    }

    [Fact]
    public async Task Staff_invitation_links_last_longer_than_reset_links()
    {
        var (admin, _) = await App.StaffSignedInAsync(Roles.Administrator);
        var email = Portal.Unique("inviteret") + "@sbst.example";
        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [new("InviteName", "Ida Inviteret"), new("InviteEmail", email), new("InviteRole", Roles.Editor)], "/redaktion/medarbejdere?handler=Invite");
        var mail = await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().SingleAsync(m => m.ToAddress == email));

        Assert.Contains("Linket virker i to dage", mail.TextBody);
        var link = new Uri(Link().Match(mail.TextBody).Value).PathAndQuery;
        var set = await Forms.PostAsync(App.Client(), link, [new("Password", "ida vælger en lang adgangskode")], link);
        Assert.Contains("Din adgangskode er gemt", await set.Content.ReadAsStringAsync());
        var again = await Forms.PostAsync(App.Client(), link, [new("Password", "ida prøver linket igen her")], link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [GeneratedRegex(@"https?://\S+/forening/ny-adgangskode\?\S+")]
    private static partial Regex Link();
}
