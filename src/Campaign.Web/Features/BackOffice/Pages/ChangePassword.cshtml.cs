using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion/adgangskode: a staff member changes their password.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ChangePasswordModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log)
    : ChangePasswordPage(users, signIn, log)
{
    public override string Home => "/redaktion";
    public override IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Skift adgangskode", "/redaktion/adgangskode")];
}
