using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Campaign.Web.Features.Accounts;

/// <summary>The authenticator-app set-up both staff (mandatory) and association members (optional) go through.</summary>
public static class Authenticator
{
    public sealed record Setup(string Key, string QrDataUri);

    /// <summary>The user's key (made if missing), grouped for reading aloud, and a QR code for the app to scan.</summary>
    public static async Task<Setup> LoadAsync(UserManager<CampaignUser> users, CampaignUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString("Tal om ensomhed")}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString("Tal om ensomhed")}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new Setup(
            string.Join(' ', key!.Chunk(4).Select(c => new string(c))).ToLowerInvariant(),
            "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6)));
    }

    /// <summary>Turns two-factor sign-in on when the code matches; returns the recovery codes, or null for a wrong code.</summary>
    public static async Task<IReadOnlyList<string>?> EnableAsync(UserManager<CampaignUser> users, CampaignUser user, string? code)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
    }
}
