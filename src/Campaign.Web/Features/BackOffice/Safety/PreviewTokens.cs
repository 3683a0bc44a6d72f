using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// The token in a preview link: the link's id, signed and encrypted with the app's Data Protection keys (shared by all
/// nodes), so a link cannot be guessed or altered. Expiry and withdrawal live on the <see cref="PreviewLink"/> row,
/// checked against the app's clock, which lets tests move time.
/// </summary>
public sealed class PreviewTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Campaign.BackOffice.PreviewLink.v1");

    public string For(PreviewLink link) => _protector.Protect(link.Id.ToString("N"));

    /// <summary>The link's id, or null when the token was not made by this site or was changed.</summary>
    public Guid? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 500)
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
