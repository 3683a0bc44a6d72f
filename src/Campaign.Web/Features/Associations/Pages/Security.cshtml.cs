using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/sikkerhed: a member can choose two-factor sign-in with an authenticator app. Turning it off takes the
/// password, so someone at an unattended, signed-in computer cannot weaken the account.
/// </summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class SecurityModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string? Password { get; set; }
    public bool Enabled { get; private set; }
    public string Key { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string? Error { get; private set; }

    public string Title => "To-trins-login";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new("To-trins-login", "/forening/sikkerhed")];

    public async Task OnGetAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        Enabled = user.TwoFactorEnabled;
        if (!Enabled)
        {
            (Key, QrDataUri) = await Authenticator.LoadAsync(users, user);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        var codes = await Authenticator.EnableAsync(users, log, user, Code);
        if (codes is null)
        {
            (Key, QrDataUri) = await Authenticator.LoadAsync(users, user);
            Error = "Koden passer ikke. Tjek at telefonens ur går rigtigt, og skriv den kode, appen viser nu.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (Enabled, RecoveryCodes) = (true, codes);

        // Enabling changed the security stamp; renew this session's cookie so it survives the next stamp check.
        await signIn.RefreshSignInAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        if (!user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        if (string.IsNullOrEmpty(Password) || Password.Length > 1000 || !await users.CheckPasswordAsync(user, Password))
        {
            log.Refused(SecurityEvent.PasswordChangeRefused, user.Id);
            Enabled = true;
            Error = "Adgangskoden er forkert. Skriv din nuværende adgangskode for at slå to-trins-login fra.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        log.Changed(SecurityEvent.TwoFactorDisabled, user, user.Email!, "Slog to-trins-login fra");
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }
}
