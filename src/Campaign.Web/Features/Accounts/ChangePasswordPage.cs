using Campaign.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// "Skift adgangskode" for a signed-in member or staff member: the current password, then a new one under the
/// same rules as at registration. The change ends the person's other sessions (a new security stamp); this one
/// is renewed so it goes on.
/// </summary>
public abstract class ChangePasswordPage(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log) : PageModel, IPageMeta
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public Dictionary<string, string> Errors { get; } = [];
    public bool Done { get; private set; }

    /// <summary>Where "back" leads: the portal or the back office.</summary>
    public abstract string Home { get; }

    public string Title => "Skift adgangskode";
    public string? Description => null;
    public string? CanonicalPath => null;
    public abstract IReadOnlyList<Crumb> Breadcrumbs { get; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(CurrentPassword) || CurrentPassword.Length > 1000 || !await users.CheckPasswordAsync(user, CurrentPassword))
        {
            log.Refused(SecurityEvent.PasswordChangeRefused, user.Id);
            Errors[nameof(CurrentPassword)] = "Din nuværende adgangskode er forkert.";
        }

        if (string.IsNullOrEmpty(NewPassword) || NewPassword.Length < users.Options.Password.RequiredLength)
        {
            Errors[nameof(NewPassword)] = $"Den nye adgangskode skal være mindst {users.Options.Password.RequiredLength} tegn. Brug fx tre-fire tilfældige ord efter hinanden.";
        }
        else if (NewPassword.Length > 1000)
        {
            Errors[nameof(NewPassword)] = "Den nye adgangskode må højst være 1000 tegn.";
        }

        if (Errors.Count == 0)
        {
            var changed = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
            if (!changed.Succeeded)
            {
                Errors[nameof(NewPassword)] = string.Join(" ", changed.Errors.Select(e => e.Description));
            }
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await log.ChangedAsync(SecurityEvent.PasswordChanged, user, user.Email!, "Skiftede adgangskode");
        await signIn.RefreshSignInAsync(user);
        Done = true;
        return Page();
    }
}
