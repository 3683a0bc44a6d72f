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
    /// Returns null on success, else the Danish message to show. Failures and a lockout that begins here are logged.
    /// </summary>
    public static async Task<string?> SignInWithCodeAsync(SignInManager<CampaignUser> signIn, SecurityLog log, string? typed)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        var wasLocked = user is not null && await signIn.UserManager.IsLockedOutAsync(user);
        var code = new string((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (result.Succeeded)
        {
            return null;
        }

        if (user is not null && result.IsLockedOut && !wasLocked)
        {
            await log.LockedOutAsync(user);
        }
        else
        {
            log.Refused(result.IsNotAllowed ? SecurityEvent.SignInRefusedDisabled : SecurityEvent.TwoFactorFailed, user?.Id);
        }

        return result.IsLockedOut ? "Du har prøvet for mange gange. Vent 15 minutter, og prøv igen."
            : result.IsNotAllowed ? Disabled
            : "Koden er forkert eller udløbet. Prøv den nye kode i appen.";
    }

    /// <summary>
    /// Identity refuses a disabled or unconfirmed account before it looks at the password. This checks the password
    /// for such an account, so only its owner learns why, and counts a wrong one toward lockout as a sign-in would.
    /// </summary>
    public static async Task<bool> CheckRefusedPasswordAsync(UserManager<CampaignUser> users, CampaignUser user, string? password)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return false;
        }

        if (await users.CheckPasswordAsync(user, password ?? ""))
        {
            return true;
        }

        await users.AccessFailedAsync(user);
        return false;
    }

    /// <summary>Shown only to someone who has proved the password, so it tells no stranger that the account exists.</summary>
    public const string Disabled = "Din adgang er lukket. Kontakt den, der gav dig adgang, hvis du skal bruge den igen.";

    /// <summary>
    /// Turns two-factor sign-in on when the code matches; returns the recovery codes, or null for a wrong code. The audit
    /// entry is saved with the caller's next save.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> EnableAsync(UserManager<CampaignUser> users, SecurityLog log, CampaignUser user, string? code)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        log.Changed(SecurityEvent.TwoFactorEnabled, user, user.Email!, "Slog to-trins-login til");
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
    }
}
