using System.Security.Cryptography;
using System.Text;
using Campaign.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Campaign.Web.Features.Accounts;

/// <summary>
/// Identity's store with recovery codes kept as hashes: someone who reads the database (a backup, a leaked dump)
/// cannot use them to pass the second step. Codes stored in plain text before this still work once, and are
/// stored hashed from the next change on.
/// </summary>
public sealed class CampaignUserStore(CampaignDb db, IdentityErrorDescriber? describer = null)
    : UserStore<CampaignUser, IdentityRole<Guid>, CampaignDb, Guid>(db, describer)
{
    private const string Prefix = "sha256:";

    // Where Identity's own store keeps the codes (one token, ';'-separated).
    private const string InternalProvider = "[AspNetUserStore]";
    private const string CodesName = "RecoveryCodes";

    public override Task ReplaceCodesAsync(CampaignUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(c => c.StartsWith(Prefix, StringComparison.Ordinal) ? c : Hash(user, c)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(CampaignUser user, string code, CancellationToken cancellationToken)
    {
        if (Normalize(code).Length == 0)
        {
            return false;
        }

        var stored = (await GetTokenAsync(user, InternalProvider, CodesName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var typed = Encoding.ASCII.GetBytes(Hash(user, code));
        var match = stored.FirstOrDefault(s =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s.StartsWith(Prefix, StringComparison.Ordinal) ? s : Hash(user, s)), typed));
        if (match is null)
        {
            return false;
        }

        await ReplaceCodesAsync(user, stored.Where(s => !ReferenceEquals(s, match)), cancellationToken);
        return true;
    }

    /// <summary>Codes are compared without case, spaces and dashes, as people copy them from paper.</summary>
    private static string Normalize(string code) =>
        new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    // The user id salts the hash, so equal codes of two people hash differently; the codes are random, so a fast hash suffices.
    private static string Hash(CampaignUser user, string code) =>
        Prefix + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Id:N}:{Normalize(code)}")));
}
