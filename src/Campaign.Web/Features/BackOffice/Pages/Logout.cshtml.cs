using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.BackOffice.Pages;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<CampaignUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/redaktion/log-ind");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/redaktion/log-ind");
    }
}
