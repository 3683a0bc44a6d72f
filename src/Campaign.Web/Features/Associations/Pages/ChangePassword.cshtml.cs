using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>/forening/adgangskode: a member changes their password.</summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class ChangePasswordModel(UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, SecurityLog log)
    : ChangePasswordPage(users, signIn, log)
{
    public override string Home => "/forening";
    public override IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new("Skift adgangskode", "/forening/adgangskode")];
}
