using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/log-ind. Unknown addresses, wrong passwords and unconfirmed addresses answer alike and take
/// about as long, so the page does not tell who has an account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class LoginModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, AccountMails mails, SecurityLog log) : PageModel, IPageMeta
{
    // A real hash of nothing, verified when the address is unknown so both paths cost the same.
    private static readonly string DummyHash = new PasswordHasher<CampaignUser>().HashPassword(new CampaignUser(), "ingen-bruger-her-123");

    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public string Title => "Log ind for foreninger";
    public string? Description => null;
    public string? CanonicalPath => "/forening/log-ind";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Log ind", "/forening/log-ind")];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(Email) || Email.Length > 256 ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            new PasswordHasher<CampaignUser>().VerifyHashedPassword(new CampaignUser(), DummyHash, Password ?? "");
            log.Refused(SecurityEvent.SignInFailed, null);
            return Failed("E-mail eller adgangskode er forkert.");
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.CheckPasswordSignInAsync(user, Password ?? "", lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            if (!wasLocked)
            {
                await log.LockedOutAsync(user, ct);
            }
            else
            {
                log.Refused(SecurityEvent.SignInLockedOut, user.Id);
            }

            return Failed("Du har prøvet for mange gange. Vent 15 minutter, og prøv igen – eller nulstil din adgangskode.");
        }

        // Not allowed (unconfirmed or disabled) is checked before the password; only the right password may learn why.
        if (!result.Succeeded && !(result.IsNotAllowed && await Authenticator.CheckRefusedPasswordAsync(users, user, Password)))
        {
            log.Refused(SecurityEvent.SignInFailed, user.Id);
            return Failed("E-mail eller adgangskode er forkert.");
        }

        if (user.IsDisabled)
        {
            log.Refused(SecurityEvent.SignInRefusedDisabled, user.Id);
            return Failed(Authenticator.Disabled);
        }

        if (!user.EmailConfirmed)
        {
            await mails.ConfirmEmailAsync(user, null, ct);
            await mails.SaveAsync(ct);
            return Failed("Din e-mailadresse er ikke bekræftet endnu. Vi har sendt dig et link – klik på det, og log så ind igen. Kig også i spam-mappen.");
        }

        if (user.AssociationId is null)
        {
            return Failed("Denne side er for foreninger. Medarbejdere logger ind på /redaktion.");
        }

        if (user.TwoFactorEnabled)
        {
            // Hand over to Identity's two-factor step: it remembers who passed the password check.
            await signIn.PasswordSignInAsync(user, Password ?? "", isPersistent: false, lockoutOnFailure: true);
            return Redirect("/forening/log-ind/kode");
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/forening", StringComparison.Ordinal) ? ReturnUrl : "/forening");
    }

    private PageResult Failed(string message)
    {
        Error = message;
        Password = "";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
