using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion/log-ind/kode: the second step, a code from the authenticator app or a recovery code.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class TwoFactorModel(SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public string Title => "Kode fra din godkendelsesapp";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/redaktion/log-ind") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/redaktion/log-ind");
        }

        Error = await Authenticator.SignInWithCodeAsync(signIn, log, Code);
        if (Error is null)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/redaktion", StringComparison.Ordinal) ? ReturnUrl : "/redaktion");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
