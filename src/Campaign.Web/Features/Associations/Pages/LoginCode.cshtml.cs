using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>/forening/log-ind/kode: the second step for members who chose two-factor sign-in.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class LoginCodeModel(SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty] public string Code { get; set; } = "";
    public string? Error { get; private set; }

    public string Title => "Kode fra din godkendelsesapp";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/forening/log-ind") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/forening/log-ind");
        }

        Error = await Authenticator.SignInWithCodeAsync(signIn, log, Code);
        if (Error is null)
        {
            return Redirect("/forening");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
