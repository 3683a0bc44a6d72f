using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// Checks six-digit codes from an authenticator app (RFC 6238, 30-second steps, up to 90 seconds of clock drift
/// either way, as Identity's own provider) and refuses a code whose time step is not newer than the last one
/// accepted for the user: a code someone watched being typed cannot be used again while it is still fresh.
/// </summary>
public sealed class AuthenticatorCodes(TimeProvider clock) : IUserTwoFactorTokenProvider<CampaignUser>
{
    public const string ProviderName = "CampaignAuthenticator";
    private const int Drift = 2;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<CampaignUser> manager, CampaignUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public Task<string> GenerateAsync(string purpose, UserManager<CampaignUser> manager, CampaignUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<CampaignUser> manager, CampaignUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit) || FromBase32(key) is not { Length: > 0 } secret)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        long? matched = null;
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                matched = step;
            }
        }

        if (matched is not { } accepted || accepted <= (user.LastTotpTimeStep ?? long.MinValue))
        {
            return false;
        }

        // Identity's update checks the concurrency stamp, so of two requests racing with the same code only one saves.
        user.LastTotpTimeStep = accepted;
        return (await manager.UpdateAsync(user)).Succeeded;
    }

    /// <summary>The code an app shows for the key at the given 30-second step.</summary>
    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var (bits, value, bytes) = (0, 0, new List<byte>(text.Length * 5 / 8));
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var digit = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return [];
            }

            value = (value << 5) | digit;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
