using System.Net;
using System.Text.RegularExpressions;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Associations;

/// <summary>
/// The security review's findings on members' accounts: repeated requests answer alike without a 500 and without a
/// flood of mail, confirmation takes a button, a disabled member stays out, and passwords and two-factor sign-in
/// need the current password to change.
/// </summary>
public sealed partial class AccountSecurityTests(PortalApp app) : IntegrationTest<PortalApp>(app)
{
    private Task<List<OutboxMessage>> MailsAsync(string to, string subject) => App.With(services =>
        services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().Where(m => m.ToAddress == to && m.Subject == subject).ToListAsync());

    private Task<CampaignUser> UserAsync(string email) => App.With(services =>
        services.GetRequiredService<CampaignDb>().Users.AsNoTracking().SingleAsync(u => u.Email == email));

    [Fact]
    public async Task Repeated_reset_requests_answer_alike_and_send_one_mail()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", email)]));
        }

        var unknown = await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", Portal.Unique("ingen") + "@example.org")]);
        foreach (var answer in answers.Append(unknown))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Hvis der findes en profil med den adresse", await answer.Content.ReadAsStringAsync());
        }

        Assert.Single(await MailsAsync(email, "Nulstil din adgangskode"));
    }

    [Fact]
    public async Task Registering_an_existing_address_again_answers_as_for_a_new_one_and_tells_the_owner_once()
    {
        var (_, email) = await App.RegisterAndSignInAsync();

        var again = await Forms.PostAsync(App.Client(), "/forening/opret", Portal.Registration(email, Portal.Unique("Kopi")));
        var thirdTime = await Forms.PostAsync(App.Client(), "/forening/opret", Portal.Registration(email, Portal.Unique("Kopi")));
        var weak = Portal.Registration(email, Portal.Unique("Kopi"));
        weak["Form.Password"] = "password123456";
        var weakExisting = await Forms.PostAsync(App.Client(), "/forening/opret", weak);
        weak["Form.Email"] = Portal.Unique("ny") + "@example.org";
        var weakNew = await Forms.PostAsync(App.Client(), "/forening/opret", weak);

        foreach (var answer in new[] { again, thirdTime })
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal("/forening/tjek-din-mail", answer.Headers.Location?.OriginalString);
        }

        // A weak password is refused the same way whether or not the address has an account.
        Assert.Equal(HttpStatusCode.BadRequest, weakExisting.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, weakNew.StatusCode);
        Assert.Contains("for nem at gætte", await weakExisting.Content.ReadAsStringAsync());
        Assert.Contains("for nem at gætte", await weakNew.Content.ReadAsStringAsync());
        Assert.Single(await MailsAsync(email, "Du har allerede en profil"));
    }

    [Fact]
    public async Task Signing_in_twice_unconfirmed_answers_alike_without_a_second_link_at_once()
    {
        var email = Portal.Unique("ukendt") + "@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(App.Client(), "/forening/opret", Portal.Registration(email, Portal.Unique("Forening")))).StatusCode);

        var first = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", Portal.Password)]);
        var second = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", Portal.Password)]);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("ikke bekræftet endnu", await first.Content.ReadAsStringAsync());
        Assert.Contains("ikke bekræftet endnu", await second.Content.ReadAsStringAsync());
        Assert.Single(await MailsAsync(email, "Bekræft din e-mailadresse"));
    }

    [Fact]
    public async Task Opening_the_confirmation_link_confirms_nothing_until_the_button_is_pressed()
    {
        var email = Portal.Unique("scanner") + "@example.org";
        await Forms.PostAsync(App.Client(), "/forening/opret", Portal.Registration(email, Portal.Unique("Forening")));
        var mail = Assert.Single(await MailsAsync(email, "Bekræft din e-mailadresse"));
        var link = new Uri(ConfirmLink().Match(mail.TextBody).Value).PathAndQuery;

        var scanned = await App.Client().GetAsync(link);
        var page = await Html.ParseAsync(scanned);

        Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
        Assert.Equal("Bekræft din e-mailadresse", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("form[method=post] button[type=submit]"));
        Assert.False((await UserAsync(email)).EmailConfirmed);

        var pressed = await Forms.PostAsync(App.Client(), link, []);
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.Contains("Din e-mail er bekræftet", await pressed.Content.ReadAsStringAsync());
        Assert.True((await UserAsync(email)).EmailConfirmed);
        var unknown = await App.Client().GetAsync($"/forening/bekraeft?bruger={Guid.NewGuid()}&kode=forfalsket");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Linket virker ikke", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registering_with_an_empty_password_is_refused_with_a_message_and_keeps_what_was_typed()
    {
        var fields = Portal.Registration(Portal.Unique("tom") + "@example.org", "Strikkeklubben Tom Kode");
        fields["Form.Password"] = "";

        var answer = await Forms.PostAsync(App.Client(), "/forening/opret", fields);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var page = await Html.ParseAsync(answer);
        Assert.Contains("Adgangskoden skal være mindst 12 tegn", page.Body!.TextContent);
        Assert.Equal("Strikkeklubben Tom Kode", page.QuerySelector("input[name='Form.Name']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Turning_off_two_factor_sign_in_takes_the_password()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        var key = await Portal.TotpKeyAsync(client, "/forening/sikkerhed");
        await Forms.PostAsync(client, "/forening/sikkerhed", [new("Code", Portal.Totp(key, App.Now()))]);
        Assert.True((await UserAsync(email)).TwoFactorEnabled);

        var without = await Forms.PostAsync(client, "/forening/sikkerhed", [], "/forening/sikkerhed?handler=Disable");
        var wrong = await Forms.PostAsync(client, "/forening/sikkerhed", [new("Password", "ikke min adgangskode")], "/forening/sikkerhed?handler=Disable");

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Adgangskoden er forkert", await wrong.Content.ReadAsStringAsync());
        Assert.True((await UserAsync(email)).TwoFactorEnabled);

        var right = await Forms.PostAsync(client, "/forening/sikkerhed", [new("Password", Portal.Password)], "/forening/sikkerhed?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.False((await UserAsync(email)).TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/forening")).StatusCode);
        Assert.True(await AuditedAsync(email, "Slog to-trins-login fra"));
    }

    [Fact]
    public async Task A_member_changes_the_password_with_the_current_one_under_the_registration_rules()
    {
        var (client, email) = await App.RegisterAndSignInAsync();
        Assert.Contains("href=\"/forening/adgangskode\"", await client.GetStringAsync("/forening"));

        var wrongCurrent = await Forms.PostAsync(client, "/forening/adgangskode", [new("CurrentPassword", "forkert forkert forkert"), new("NewPassword", "en splinterny lang adgangskode")]);
        var weak = await Forms.PostAsync(client, "/forening/adgangskode", [new("CurrentPassword", Portal.Password), new("NewPassword", "password123456")]);
        var empty = await Forms.PostAsync(client, "/forening/adgangskode", [new("CurrentPassword", Portal.Password), new("NewPassword", "")]);

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.Contains("Din nuværende adgangskode er forkert", await wrongCurrent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("for nem at gætte", await weak.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("mindst 12 tegn", await empty.Content.ReadAsStringAsync());

        var changed = await Forms.PostAsync(client, "/forening/adgangskode", [new("CurrentPassword", Portal.Password), new("NewPassword", "en splinterny lang adgangskode")]);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Din adgangskode er skiftet", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/forening")).StatusCode);

        var old = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", Portal.Password)]);
        var fresh = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", "en splinterny lang adgangskode")]);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Equal("/forening", fresh.Headers.Location?.OriginalString);
        Assert.True(await AuditedAsync(email, "Skiftede adgangskode"));
    }

    [Fact]
    public async Task A_disabled_member_cannot_sign_in_or_reset_the_password_until_enabled_again()
    {
        var (owner, _) = await App.RegisterAndSignInAsync();
        var (member, email) = await InvitedMemberAsync(owner);
        var id = (await UserAsync(email)).Id;
        var earlierReset = await App.With(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<CampaignUser>>();
            var code = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(id.ToString()))!);
            return $"/forening/ny-adgangskode?bruger={id}&kode={Uri.EscapeDataString(code)}";
        });

        var disabled = await Forms.PostAsync(owner, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Disable&memberId={id}");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Contains("adgang lukket", await owner.GetStringAsync("/forening/medlemmer"));

        var rightPassword = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", "ole har en lang adgangskode")]);
        var wrongPassword = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", "ikke oles adgangskode")]);
        Assert.Equal(HttpStatusCode.BadRequest, rightPassword.StatusCode);
        Assert.Contains("Din adgang er lukket", await rightPassword.Content.ReadAsStringAsync());
        Assert.Contains("E-mail eller adgangskode er forkert", await wrongPassword.Content.ReadAsStringAsync());

        // A reset neither mails a link nor works with one sent before; the state survives.
        var asked = await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", email)]);
        Assert.Contains("Hvis der findes en profil med den adresse", await asked.Content.ReadAsStringAsync());
        Assert.Empty(await MailsAsync(email, "Nulstil din adgangskode"));
        var reset = await Forms.PostAsync(App.Client(), earlierReset, [new("Password", "en helt anden lang adgangskode")], earlierReset);
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
        Assert.Contains("Din adgang er lukket", await reset.Content.ReadAsStringAsync());
        Assert.True((await UserAsync(email)).IsDisabled);

        var notOwnAccess = await Forms.PostAsync(member, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Disable&memberId={id}");
        Assert.Equal(HttpStatusCode.BadRequest, notOwnAccess.StatusCode);

        await Forms.PostAsync(owner, "/forening/medlemmer", [], $"/forening/medlemmer?handler=Disable&memberId={id}");
        var back = await Forms.PostAsync(App.Client(), "/forening/log-ind", [new("Email", email), new("Password", "ole har en lang adgangskode")]);
        Assert.Equal("/forening", back.Headers.Location?.OriginalString);
        Assert.True(await AuditedAsync(email, "Lukkede adgang"));
    }

    [Fact]
    public async Task A_reset_link_works_for_three_hours_and_the_mail_says_so()
    {
        var (_, email) = await App.RegisterAndSignInAsync();
        await Forms.PostAsync(App.Client(), "/forening/glemt-adgangskode", [new("Email", email)]);
        var mail = Assert.Single(await MailsAsync(email, "Nulstil din adgangskode"));
        Assert.Contains("Linket virker i tre timer", mail.TextBody);
        var link = new Uri(ResetLink().Match(mail.TextBody).Value);
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);

        // The same token, made as if it had been issued four hours ago and two hours ago.
        var fourHours = await AgedAsync(query["kode"]!, TimeSpan.FromHours(4));
        var twoHours = await AgedAsync(query["kode"]!, TimeSpan.FromHours(2));
        var path = $"/forening/ny-adgangskode?bruger={query["bruger"]}&kode=";

        var expired = await Forms.PostAsync(App.Client(), path + Uri.EscapeDataString(fourHours), [new("Password", "en helt ny lang adgangskode")], path + Uri.EscapeDataString(fourHours));
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("Linket er ugyldigt eller udløbet", await expired.Content.ReadAsStringAsync());
        var fresh = await Forms.PostAsync(App.Client(), path + Uri.EscapeDataString(twoHours), [new("Password", "en helt ny lang adgangskode")], path + Uri.EscapeDataString(twoHours));
        Assert.Contains("Din adgangskode er gemt", await fresh.Content.ReadAsStringAsync());
    }

    /// <summary>Rewrites the creation time Identity puts first in a data-protection token (UTC ticks, 8 bytes).</summary>
    private Task<string> AgedAsync(string token, TimeSpan age) => App.With(services =>
    {
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(PasswordResetTokens.ProviderName);
        var payload = protector.Unprotect(Convert.FromBase64String(token));
        BitConverter.TryWriteBytes(payload.AsSpan(0, 8), DateTimeOffset.UtcNow.Subtract(age).UtcTicks);
        return Task.FromResult(Convert.ToBase64String(protector.Protect(payload)));
    });

    private async Task<(HttpClient Client, string Email)> InvitedMemberAsync(HttpClient owner)
    {
        var email = Portal.Unique("ole") + "@example.org";
        await Forms.PostAsync(owner, "/forening/medlemmer", [new("InviteName", "Ole Olsen"), new("InviteEmail", email)], "/forening/medlemmer?handler=Invite");
        var mail = await App.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().SingleAsync(m => m.ToAddress == email));
        var link = new Uri(ResetLink().Match(mail.TextBody).Value).PathAndQuery;
        var client = App.Client();
        Assert.Contains("Din adgangskode er gemt", await (await Forms.PostAsync(client, link, [new("Password", "ole har en lang adgangskode")], link)).Content.ReadAsStringAsync());
        Assert.Equal("/forening", (await Forms.PostAsync(client, "/forening/log-ind", [new("Email", email), new("Password", "ole har en lang adgangskode")])).Headers.Location?.OriginalString);
        return (client, email);
    }

    private Task<bool> AuditedAsync(string email, string action) => App.With(async services =>
    {
        var db = services.GetRequiredService<CampaignDb>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.AuditEntries.AnyAsync(a => a.ItemId == id && a.Action == action);
    });

    [GeneratedRegex(@"https?://\S+/forening/bekraeft\?\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https?://\S+/forening/ny-adgangskode\?\S+")]
    private static partial Regex ResetLink();
}
