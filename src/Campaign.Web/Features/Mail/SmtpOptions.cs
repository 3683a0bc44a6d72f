using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace Campaign.Web.Features.Mail;

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP: only for a relay on the same host or network segment, and never with a password.</summary>
    None,

    /// <summary>Connect in plain text and upgrade with STARTTLS before anything else (usually port 587 or 25); refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>The mail server that <see cref="MailKitSender"/> hands mail to (configuration section <c>Smtp</c>).</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;

    /// <summary>The sender address; its domain also names each Message-ID.</summary>
    public string From { get; set; } = "noreply@talomensomhed.dk";

    public string FromName { get; set; } = "Tal om ensomhed";

    /// <summary>Sign in with these when both are set; otherwise send without signing in.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How the connection is protected; unset means what <see cref="EnableSsl"/> says (<c>None</c> when that is unset too).</summary>
    public SmtpSecurity? Security { get; set; }

    /// <summary>The setting <see cref="Security"/> replaced, still read so existing configuration keeps working: true means <c>StartTls</c>.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint of one server certificate to trust although no trusted authority issued it (a relay
    /// with a self-signed certificate), as <c>openssl x509 -noout -fingerprint -sha256</c> prints it. Every other
    /// certificate must pass the usual validation: trusted chain, matching host name, not expired.
    /// </summary>
    public string? TrustedCertificate { get; set; }

    /// <summary>How many SMTP connections one node keeps open and sends over at the same time.</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>How long connecting, or one delivery over an open connection, may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>DKIM signing of every mail; off unless all three of its settings are set.</summary>
    public DkimOptions Dkim { get; set; } = new();

    public string FromDomain => From[(From.LastIndexOf('@') + 1)..];

    /// <summary><see cref="Security"/>, or the old <see cref="EnableSsl"/> when it is unset.</summary>
    public SmtpSecurity EffectiveSecurity => Security ?? (EnableSsl ? SmtpSecurity.StartTls : SmtpSecurity.None);

    /// <summary><see cref="TrustedCertificate"/> as bare upper-case hex, or null.</summary>
    public string? TrustedCertificateHex =>
        string.IsNullOrWhiteSpace(TrustedCertificate) ? null : TrustedCertificate.Replace(":", "").Replace(" ", "").Trim().ToUpperInvariant();

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Host) || Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"Smtp:Host must be the mail server's host name or IP address, such as smtp.example.dk (it is '{Host}').", [nameof(Host)]);
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Smtp:Port must be a TCP port from 1 to 65535, usually 25, 587 or 465 (it is {Port}).", [nameof(Port)]);
        }

        if (!(MailAddress.TryCreate(From, out var from) && from.Address == From))
        {
            yield return new ValidationResult($"Smtp:From must be a plain email address such as noreply@talomensomhed.dk (it is '{From}').", [nameof(From)]);
        }

        if (string.IsNullOrWhiteSpace(FromName) || FromName.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            yield return new ValidationResult("Smtp:FromName must be a name on one line, such as 'Tal om ensomhed'.", [nameof(FromName)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Smtp:UserName and Smtp:Password go together: set both to sign in to the mail server, or neither.", [nameof(UserName), nameof(Password)]);
        }

        if (Security == SmtpSecurity.None && EnableSsl)
        {
            yield return new ValidationResult("Smtp:EnableSsl is true but Smtp:Security is None. Smtp:Security replaces Smtp:EnableSsl: remove Smtp:EnableSsl.", [nameof(Security), nameof(EnableSsl)]);
        }

        // A password sent over a plain connection can be read by anyone on the path to the mail server.
        if (!string.IsNullOrEmpty(UserName) && !string.IsNullOrEmpty(Password) && EffectiveSecurity == SmtpSecurity.None)
        {
            yield return new ValidationResult(
                "Smtp:UserName and Smtp:Password are set but Smtp:Security is None: the password would cross the network in clear text. " +
                "Set Smtp:Security to StartTls (port 587) or SslOnConnect (port 465), or remove the credentials for a relay that needs none.",
                [nameof(UserName), nameof(Password), nameof(Security)]);
        }

        if (TrustedCertificateHex is { } hex && (hex.Length != 64 || !hex.All(Uri.IsHexDigit)))
        {
            yield return new ValidationResult(
                $"Smtp:TrustedCertificate must be a certificate's SHA-256 fingerprint, 64 hex digits as `openssl x509 -noout -fingerprint -sha256` prints them (it is '{TrustedCertificate}').",
                [nameof(TrustedCertificate)]);
        }

        if (MaxConnections is < 1 or > 32)
        {
            yield return new ValidationResult($"Smtp:MaxConnections must be from 1 to 32 (it is {MaxConnections}).", [nameof(MaxConnections)]);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"Smtp:Timeout must be more than 0 and at most 00:05:00 (it is {Timeout}).", [nameof(Timeout)]);
        }

        foreach (var error in Dkim.Validate(FromDomain))
        {
            yield return error;
        }
    }
}
