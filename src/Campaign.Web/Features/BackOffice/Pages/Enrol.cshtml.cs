using System.Security.Claims;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>
/// /redaktion/totp: staff set up their authenticator app (mandatory) by scanning a QR code and typing the first
/// code; they then get recovery codes, shown once.
/// </summary>
[Authorize(Policy = AuthSetup.StaffEnrolmentPolicy)]
public sealed class EnrolModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty] public string Code { get; set; } = "";
    public string Key { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string? Error { get; private set; }

    public string Title => "Sæt to-trins-login op";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/redaktion/log-ind");
        }

        if (user.TwoFactorEnabled && User.HasClaim("amr", "mfa"))
        {
            return Redirect("/redaktion");
        }

        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Redirect("/redaktion/log-ind");
        }

        var codes = await Authenticator.EnableAsync(users, log, user, Code);
        if (codes is null)
        {
            Error = "Koden passer ikke. Tjek at telefonens ur går rigtigt, og skriv den kode, appen viser nu.";
            await LoadKeyAsync(user);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        RecoveryCodes = codes;
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return Page();
    }

    private async Task LoadKeyAsync(CampaignUser user) => (Key, QrDataUri) = await Authenticator.LoadAsync(users, user);
}
