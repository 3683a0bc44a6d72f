using Microsoft.AspNetCore.DataProtection;

namespace Campaign.Web.Features.Associations;

/// <summary>
/// Bots instead of a CAPTCHA: a honeypot field people never see, and a signed timestamp that shows the
/// form was not filled in faster than a person can.
/// </summary>
public sealed class FormGuard(IDataProtectionProvider protection, TimeProvider clock, IConfiguration configuration)
{
    public const string HoneypotField = "hjemmeside_2";
    public const string StampField = "formular_tid";

    // A person needs more than a few seconds for any of our forms; "Abuse:MinimumFillSeconds" lets tests go faster.
    private readonly TimeSpan _minimumFillTime = TimeSpan.FromSeconds(configuration.GetValue("Abuse:MinimumFillSeconds", 3.0));
    private readonly IDataProtector _protector = protection.CreateProtector("form-guard");

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
            return clock.GetUtcNow() - started < _minimumFillTime
                ? "Formularen blev sendt meget hurtigt. Vent et øjeblik, og send den igen."
                : null;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or OverflowException)
        {
            return "Formularen er udløbet. Send den igen.";
        }
    }
}
