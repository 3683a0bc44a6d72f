using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// How long a sign-in lasts. Every minute the cookie is checked against the account's security stamp, so a person
/// who is disabled, demoted, removed or whose password changed loses the session within a minute. A staff
/// session also ends <see cref="StaffLifetime"/> after signing in, however active it was.
/// </summary>
public static class Sessions
{
    public static readonly TimeSpan StampCheckInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan StaffLifetime = TimeSpan.FromHours(10);

    // Kept in the ticket's properties, which survive sliding renewal and the stamp check's new principal.
    private const string SignedInAt = "campaign-signed-in-at";

    public static void Configure(IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = StampCheckInterval;

            // The stamp check builds a fresh principal from the database, which would drop the proof of the code step
            // (amr=mfa) that the staff policy demands; carry it over.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                {
                    identity.AddClaims(current.FindAll("amr").Select(c => new Claim(c.Type, c.Value)));
                }

                return Task.CompletedTask;
            };
        });

    public static void LimitStaffSessions(CookieAuthenticationOptions options)
    {
        options.Events.OnSigningIn = context =>
        {
            // A refresh (after a password change) keeps the properties and so the original time; a new sign-in sets it.
            if (!context.Properties.Items.ContainsKey(SignedInAt))
            {
                var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
                context.Properties.Items[SignedInAt] = now.ToString("O", CultureInfo.InvariantCulture);
            }

            return Task.CompletedTask;
        };

        var checkStamp = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            if (context.Principal is { } principal && Roles.Staff.Any(principal.IsInRole) && Expired(context))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }

            await checkStamp(context);
        };
    }

    private static bool Expired(CookieValidatePrincipalContext context)
    {
        var now = (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var signedIn = context.Properties.Items.TryGetValue(SignedInAt, out var value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : context.Properties.IssuedUtc;

        // A ticket from before this rule has no sign-in time; its issue time is the best there is.
        return signedIn is null || now - signedIn.Value > StaffLifetime;
    }
}
