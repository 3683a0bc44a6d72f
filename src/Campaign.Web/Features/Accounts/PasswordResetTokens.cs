using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// Tokens in password-reset mails: valid for <see cref="Lifespan"/>, much shorter than the e-mail confirmation and
/// invitation links, since a reset link in a mailbox is a way into the account.
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider protection, IOptions<PasswordResetTokenOptions> options, ILogger<DataProtectorTokenProvider<CampaignUser>> logger)
    : DataProtectorTokenProvider<CampaignUser>(protection, options, logger)
{
    public const string ProviderName = "CampaignPasswordReset";
    public static readonly TimeSpan Lifespan = TimeSpan.FromHours(3);

    /// <summary>Said in the reset mail, so it must follow <see cref="Lifespan"/>.</summary>
    public const string LifespanText = "tre timer";

    /// <summary>Invitations set a first password with a token of this purpose, valid as long as other mail links.</summary>
    public const string InvitationPurpose = "Invitation";

    /// <summary>The link an invited member or staff member sets a first password with.</summary>
    public static async Task<string> InvitationLinkAsync(UserManager<CampaignUser> users, string baseUrl, CampaignUser invited)
    {
        var code = await users.GenerateUserTokenAsync(invited, TokenOptions.DefaultProvider, InvitationPurpose);
        return $"{baseUrl}/forening/ny-adgangskode?bruger={invited.Id}&kode={Uri.EscapeDataString(code)}&invitation=1";
    }
}

public sealed class PasswordResetTokenOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenOptions()
    {
        Name = PasswordResetTokens.ProviderName;
        TokenLifespan = PasswordResetTokens.Lifespan;
    }
}
