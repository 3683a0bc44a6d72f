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

    /// <summary>
    /// The second sign-in step shared by staff and members: six digits from the app, or one of the recovery codes.
    /// Returns null on success, else the Danish message to show.
    /// </summary>
    public static async Task<string?> SignInWithCodeAsync(SignInManager<CampaignUser> signIn, string? typed)
    {
        var code = new string((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        return result.Succeeded ? null
            : result.IsLockedOut ? "Du har prøvet for mange gange. Vent 15 minutter, og prøv igen."
            : "Koden er forkert eller udløbet. Prøv den nye kode i appen.";
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
