using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion/log-ind: staff sign in with a password and then a code from their authenticator app.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class LoginModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    private static readonly string DummyHash = new PasswordHasher<CampaignUser>().HashPassword(new CampaignUser(), "ingen-bruger-her-123");

    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public string Title => "Log ind på redaktionen";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrWhiteSpace(Email) || Email.Length > 256 ? null : await users.FindByEmailAsync(Email.Trim());
        if (user is null || !(await users.GetRolesAsync(user)).Any(Roles.Staff.Contains))
        {
            new PasswordHasher<CampaignUser>().VerifyHashedPassword(new CampaignUser(), DummyHash, Password ?? "");
            log.Refused(SecurityEvent.SignInFailed, user?.Id);
            return Failed("E-mail eller adgangskode er forkert.");
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, Password ?? "", isPersistent: false, lockoutOnFailure: true);
        var next = Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/redaktion", StringComparison.Ordinal) ? ReturnUrl : "/redaktion";
        if (result.RequiresTwoFactor)
        {
            return Redirect($"/redaktion/log-ind/kode?returnUrl={Uri.EscapeDataString(next)}");
        }

        if (result.IsLockedOut)
        {
            if (!wasLocked)
            {
                await log.LockedOutAsync(user);
            }
            else
            {
                log.Refused(SecurityEvent.SignInLockedOut, user.Id);
            }

            return Failed("Du har prøvet for mange gange. Vent 15 minutter, og prøv igen.");
        }

        // A disabled account is refused before the password is checked; only the right password may learn why.
        if (result.IsNotAllowed && user.IsDisabled && await Authenticator.CheckRefusedPasswordAsync(users, user, Password))
        {
            log.Refused(SecurityEvent.SignInRefusedDisabled, user.Id);
            return Failed(Authenticator.Disabled);
        }

        if (!result.Succeeded)
        {
            log.Refused(SecurityEvent.SignInFailed, user.Id);
            return Failed("E-mail eller adgangskode er forkert.");
        }

        // Signed in with a password only: the first thing to do is to set up the authenticator app.
        return Redirect("/redaktion/totp");
    }

    private PageResult Failed(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
