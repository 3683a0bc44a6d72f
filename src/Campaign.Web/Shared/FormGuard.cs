using Campaign.Web.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Shared;

/// <summary>
/// Bots instead of a CAPTCHA: a honeypot field people never see, and a signed timestamp that shows the
/// form was not filled in faster than a person can, nor replayed long after it was shown.
/// </summary>
public sealed class FormGuard(IDataProtectionProvider protection, TimeProvider clock, IOptions<AbuseOptions> options)
{
    public const string HoneypotField = "hjemmeside_2";
    public const string StampField = "formular_tid";

    // A person needs more than a few seconds for any of our forms; "Abuse:MinimumFillSeconds" lets tests go faster.
    private readonly TimeSpan _minimumFillTime = TimeSpan.FromSeconds(options.Value.MinimumFillSeconds);

    // Without a maximum age one harvested stamp would pass the check for ever.
    private readonly TimeSpan _maximumFillTime = TimeSpan.FromHours(options.Value.MaximumFillHours);
    private readonly IDataProtector _protector = protection.CreateProtector("form-guard");

    /// <summary>The page is shown again with what was typed and a fresh stamp, so sending once more is enough.</summary>
    public const string Expired = "Formularen har været åben for længe og er udløbet. Det, du har skrevet, står her stadig: tjek det, og send formularen igen.";

    public string Stamp() => _protector.Protect(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A Danish message when the post looks automated, else null.</summary>
    public string? Check(IFormCollection form)
    {
        if (!string.IsNullOrEmpty(form[HoneypotField]))
        {
            return "Formularen kunne ikke sendes. Prøv igen.";
        }

        try
        {
            var started = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(_protector.Unprotect(form[StampField].ToString()), System.Globalization.CultureInfo.InvariantCulture));
            var age = clock.GetUtcNow() - started;
            return age < _minimumFillTime ? "Formularen blev sendt meget hurtigt. Vent et øjeblik, og send den igen."
                : age > _maximumFillTime ? Expired
                : null;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or OverflowException)
        {
            return Expired;
        }
    }
}
