using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in rules plus one of ours: a disabled account never signs in, and a session of a disabled account
/// fails its next security-stamp check even if the stamp was somehow left unchanged.
/// </summary>
public sealed class CampaignSignInManager(
    UserManager<CampaignUser> users,
    IHttpContextAccessor http,
    IUserClaimsPrincipalFactory<CampaignUser> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<CampaignUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<CampaignUser> confirmation)
    : SignInManager<CampaignUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(CampaignUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(CampaignUser? user, string? securityStamp) =>
        user is { IsDisabled: false } && await base.ValidateSecurityStampAsync(user, securityStamp);

    public override async Task<CampaignUser?> ValidateTwoFactorSecurityStampAsync(ClaimsPrincipal? principal) =>
        await base.ValidateTwoFactorSecurityStampAsync(principal) is { IsDisabled: false } user ? user : null;
}
