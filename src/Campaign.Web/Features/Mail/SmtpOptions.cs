using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace Campaign.Web.Features.Mail;

/// <summary>The mail server that <see cref="SmtpMailSender"/> hands mail to (configuration section <c>Smtp</c>).</summary>
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

    /// <summary>Upgrade the connection with STARTTLS before sending.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>How long one delivery may take before it counts as a transient failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public string FromDomain => From[(From.LastIndexOf('@') + 1)..];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Host) || Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"Smtp:Host must be the mail server's host name or IP address, such as smtp.example.dk (it is '{Host}').", [nameof(Host)]);
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Smtp:Port must be a TCP port from 1 to 65535, usually 25 or 587 (it is {Port}).", [nameof(Port)]);
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

        // A password sent over a plain connection can be read by anyone on the path to the mail server.
        if (!string.IsNullOrEmpty(UserName) && !string.IsNullOrEmpty(Password) && !EnableSsl)
        {
            yield return new ValidationResult(
                "Smtp:UserName and Smtp:Password are set but Smtp:EnableSsl is false: the password would cross the network in clear text. " +
                "Set Smtp:EnableSsl to true (STARTTLS), or remove the credentials for a relay that needs none.",
                [nameof(UserName), nameof(Password), nameof(EnableSsl)]);
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"Smtp:Timeout must be more than 0 and at most 00:05:00 (it is {Timeout}).", [nameof(Timeout)]);
        }
    }
}
