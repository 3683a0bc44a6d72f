using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>/forening/bekraeft: the link in the verification mail. A bad or old link gets a kind explanation.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<CampaignUser> users) : PageModel, IPageMeta
{
    public bool Confirmed { get; private set; }

    public string Title => Confirmed ? "Din e-mail er bekræftet" : "Linket virker ikke";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync(string? bruger, string? kode)
    {
        if (Guid.TryParse(bruger, out var id) && !string.IsNullOrEmpty(kode) && kode.Length < 2000
            && await users.FindByIdAsync(id.ToString()) is { } user)
        {
            Confirmed = user.EmailConfirmed || (await users.ConfirmEmailAsync(user, kode)).Succeeded;
        }

        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
