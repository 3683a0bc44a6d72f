using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Infrastructure;

/// <summary>The app with the bot checks relaxed (no minimum fill time, generous rate limits), so tests can post at once.</summary>
public sealed class PortalApp : CampaignApp
{
    public PortalApp() => With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Abuse:SubmitPermitsPer10Minutes", "1000");
}

/// <summary>Builders for the association portal and the back office: people who register, confirm and sign in as a browser would.</summary>
public static partial class Portal
{
    public const string Password = "strikkepinde rundt om søen";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static Dictionary<string, string> Registration(string email, string name) => new()
    {
        ["Form.Name"] = name,
        ["Form.Type"] = "Forening",
        ["Form.MunicipalityCode"] = "175",
        ["Form.Cvr"] = "",
        ["Form.Website"] = "https://example.org",
        ["Form.ContactName"] = "Karen Nielsen",
        ["Form.Email"] = email,
        ["Form.Password"] = Password,
        ["Form.AcceptTerms"] = "true",
    };

    public static Dictionary<string, string> EventFields(string title) => new()
    {
        ["Form.Title"] = title,
        ["Form.Description"] = "Vi strikker og drikker kaffe.",
        ["Form.Date"] = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd"),
        ["Form.StartTime"] = "10:00",
        ["Form.EndTime"] = "12:00",
        ["Form.Repeat"] = "None",
        ["Form.VenueName"] = "Rødovre Bibliotek",
        ["Form.StreetAddress"] = "Rødovre Parkvej 140",
        ["Form.PostalCode"] = "2610",
        ["Form.MunicipalityCode"] = "",
        ["Form.TargetGroups"] = "Everyone",
        ["Form.JoinMethod"] = "NoSignup",
        ["Form.OrganiserName"] = "Strikkeklubben",
        ["handling"] = "send",
    };

    /// <summary>Registers an association and confirms through the link in the queued mail; returns a signed-in client.</summary>
    public static async Task<(HttpClient Client, string Email)> RegisterAndSignInAsync(this CampaignApp app, string? name = null)
    {
        var email = Unique("karen") + "@example.org";
        var client = app.Client();
        var registered = await Forms.PostAsync(client, "/forening/opret", Registration(email, name ?? Unique("Strikkeklubben")));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/forening/tjek-din-mail", registered.Headers.Location?.OriginalString);

        var mail = await app.With(services => services.GetRequiredService<CampaignDb>().Set<OutboxMessage>().SingleAsync(m => m.ToAddress == email));
        Assert.Equal("Bekræft din e-mailadresse", mail.Subject);
        var text = mail.TextBody;
        if (text.Length == 0)
        {
            // An app that delivers to the test SMTP sink removes a mail's body once it is sent: read it as it arrived.
            var sink = await Campaign.Tests.Mail.SmtpSink.GetAsync();
            text = (await sink.WaitForAsync(email)).Single().Text;
        }

        var link = new Uri(ConfirmLink().Match(text).Value).PathAndQuery;
        var confirmed = await Forms.PostAsync(client, link, []);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Din e-mail er bekræftet", await confirmed.Content.ReadAsStringAsync());

        var signedIn = await Forms.PostAsync(client, "/forening/log-ind", [new("Email", email), new("Password", Password)]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/forening", signedIn.Headers.Location?.OriginalString);
        return (client, email);
    }

    /// <summary>A staff member who has set up two-factor sign-in and is signed in with a code, as the policy demands.</summary>
    public static async Task<(HttpClient Client, string Email)> StaffSignedInAsync(this CampaignApp app, string role = Roles.Moderator, string displayName = "Mette Moderator")
    {
        var staff = await app.StaffEnrolledAsync(role, displayName);
        return (staff.Client, staff.Email);
    }

    public sealed record Enrolled(HttpClient Client, string Email, Guid Id, string Key, IReadOnlyList<string> RecoveryCodes);

    /// <summary><see cref="StaffSignedInAsync"/>, also returning the authenticator key and the recovery codes shown once.</summary>
    public static async Task<Enrolled> StaffEnrolledAsync(this CampaignApp app, string role = Roles.Moderator, string displayName = "Mette Moderator")
    {
        var email = Unique("medarbejder") + "@sbst.example";
        var id = Guid.NewGuid();
        await app.With(async services =>
        {
            var users = services.GetRequiredService<UserManager<CampaignUser>>();
            var user = new CampaignUser { Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return 0;
        });

        var client = app.Client();
        var password = await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", email), new("Password", Password)]);
        Assert.Equal("/redaktion/totp", password.Headers.Location?.OriginalString);
        var key = await TotpKeyAsync(client, "/redaktion/totp");
        var enrolled = await Forms.PostAsync(client, "/redaktion/totp", [new("Code", Totp(key, app.Now()))]);
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        var page = await Html.ParseAsync(enrolled);
        Assert.Contains("To-trins-login er slået til", page.Body!.TextContent);
        var codes = page.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        return new Enrolled(client, email, id, key, codes);
    }

    /// <summary>The app's own clock (a test may have replaced it); authenticator codes are checked against it.</summary>
    public static DateTimeOffset Now(this CampaignApp app) => app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Finds the key shown on an enrolment page (/redaktion/totp or /forening/sikkerhed).</summary>
    public static async Task<string> TotpKeyAsync(HttpClient client, string page) =>
        (await Html.ParseAsync(await client.GetAsync(page))).QuerySelector(".totp-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>The current RFC 6238 code for a base32 key, as an authenticator app shows it.</summary>
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = FromBase32(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"https?://\S+/forening/bekraeft\?\S+")]
    private static partial Regex ConfirmLink();
}
