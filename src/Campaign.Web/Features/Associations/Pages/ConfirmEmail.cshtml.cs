using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/bekraeft: the link in the verification mail. Opening it shows a button; only pressing the button
/// confirms, since mail scanners open every link in a mail and would otherwise confirm an address for whoever typed
/// it in. A bad or old link gets a kind explanation.
/// </summary>
[AllowAnonymous]
[ResponseCache(NoStore = true)]
public sealed class ConfirmEmailModel(UserManager<CampaignUser> users) : PageModel, IPageMeta
{
    public enum Outcome
    {
        Ask,
        Confirmed,
        Invalid,
    }

    [BindProperty(SupportsGet = true)] public string? Bruger { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kode { get; set; }

    public Outcome Result { get; private set; }

    public string Title => Result switch
    {
        Outcome.Ask => "Bekræft din e-mailadresse",
        Outcome.Confirmed => "Din e-mail er bekræftet",
        _ => "Linket virker ikke",
    };

    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync()
    {
        // Checking the token changes nothing; it only decides whether to offer the button or to explain.
        Result = await FindAsync() is { } user
            && (user.EmailConfirmed || await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<CampaignUser>.ConfirmEmailTokenPurpose, Kode!))
            ? user.EmailConfirmed ? Outcome.Confirmed : Outcome.Ask
            : Outcome.Invalid;
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindAsync();
        Result = user is not null && (user.EmailConfirmed || (await users.ConfirmEmailAsync(user, Kode!)).Succeeded)
            ? Outcome.Confirmed
            : Outcome.Invalid;
        return Answer();
    }

    private async Task<CampaignUser?> FindAsync() =>
        Guid.TryParse(Bruger, out var id) && !string.IsNullOrEmpty(Kode) && Kode.Length < 2000
            ? await users.FindByIdAsync(id.ToString())
            : null;

    private PageResult Answer()
    {
        if (Result == Outcome.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
