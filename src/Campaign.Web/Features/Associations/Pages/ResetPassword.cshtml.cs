using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/ny-adgangskode: choose a new password from a reset link, or a first one from an invitation. A reset
/// lifts a lockout from too many attempts, never a disabled account.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ResetPasswordModel(UserManager<CampaignUser> users, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty(SupportsGet = true)] public string? Bruger { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kode { get; set; }
    [BindProperty(SupportsGet = true)] public string? Invitation { get; set; }
    [BindProperty] public string Password { get; set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public bool Done { get; private set; }

    /// <summary>Staff invited by an administrator sign in at the back office, members at the portal.</summary>
    public string LoginUrl { get; private set; } = "/forening/log-ind";

    public string Title => Invitation is null ? "Vælg en ny adgangskode" : "Velkommen – vælg en adgangskode";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = Guid.TryParse(Bruger, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (user is null || string.IsNullOrEmpty(Kode) || Kode.Length > 2000)
        {
            return Failed(["Linket er ugyldigt eller for gammelt. Bed om et nyt."]);
        }

        if (user.IsDisabled)
        {
            log.Refused(SecurityEvent.PasswordResetRefused, user.Id);
            return Failed([Authenticator.Disabled]);
        }

        var result = Invitation is not null && !await users.HasPasswordAsync(user)
            ? await FirstPasswordAsync(user, Kode)
            : await users.ResetPasswordAsync(user, Kode, Password ?? "");
        if (!result.Succeeded)
        {
            return Failed(result.Errors.Select(e => e.Description).ToList());
        }

        // An invitation link proves the address, so it is confirmed too.
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        // Saved with the lockout change below.
        log.Changed(SecurityEvent.PasswordReset, user, user.Email!, Invitation is null ? "Nulstillede adgangskoden" : "Valgte adgangskode fra invitation");
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        Done = true;
        LoginUrl = user.AssociationId is null ? "/redaktion/log-ind" : "/forening/log-ind";
        return Page();
    }

    /// <summary>An invitation link carries a token of its own purpose, valid for days, unlike the short-lived reset token.</summary>
    private async Task<IdentityResult> FirstPasswordAsync(CampaignUser user, string code)
    {
        var valid = await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, PasswordResetTokens.InvitationPurpose, code)
            // Invitations sent before invitations had their own purpose carry a reset token of the default provider.
            || await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, UserManager<CampaignUser>.ResetPasswordTokenPurpose, code);
        return valid
            ? await users.AddPasswordAsync(user, Password ?? "")
            : IdentityResult.Failed(new DanishIdentityErrors().InvalidToken());
    }

    private PageResult Failed(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
