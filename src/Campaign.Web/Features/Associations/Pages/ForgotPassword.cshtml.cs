using System.Diagnostics;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/glemt-adgangskode. The answer and the time it takes are the same whether the address has an
/// account or not (disabled, or already sent a link a moment ago), so the page cannot be used to find out who is
/// registered. <see cref="AccountMails.ResetPasswordAsync"/> decides whether a mail actually goes.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ForgotPasswordModel(UserManager<CampaignUser> users, AccountMails mails) : PageModel, IPageMeta
{
    private static readonly TimeSpan SameAnswerTime = TimeSpan.FromMilliseconds(400);

    [BindProperty] public string Email { get; set; } = "";
    public bool Sent { get; private set; }

    public string Title => "Glemt adgangskode";
    public string? Description => null;
    public string? CanonicalPath => "/forening/glemt-adgangskode";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Log ind", "/forening/log-ind"), new("Glemt adgangskode", "/forening/glemt-adgangskode")];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (!string.IsNullOrWhiteSpace(Email) && Email.Length <= 256 && await users.FindByEmailAsync(Email.Trim()) is { EmailConfirmed: true } user)
        {
            await mails.ResetPasswordAsync(user, ct);
            await mails.SaveAsync(ct);
        }

        // Pad to a fixed time: sending takes longer than doing nothing, and the difference would tell.
        if (watch.Elapsed < SameAnswerTime)
        {
            await Task.Delay(SameAnswerTime - watch.Elapsed, ct);
        }

        Sent = true;
        return Page();
    }
}
