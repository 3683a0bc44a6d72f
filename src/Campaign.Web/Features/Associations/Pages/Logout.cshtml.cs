using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Associations.Pages;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<CampaignUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Features/Associations/Pages/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
