using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Campaign.Web.Features.Newsletter.Bounces;

/// <summary>How the connection to the IMAP server is protected.</summary>
public enum ImapSecurity
{
    /// <summary>No TLS: only to a server on this machine, where the password never crosses a network.</summary>
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>
/// The mailbox that delivery status notifications come back to (configuration section <c>Bounces</c>). Nothing is
/// read unless <see cref="Host"/> is set.
/// </summary>
public sealed class BounceOptions : IValidatableObject
{
    public const string Section = "Bounces";

    public string? Host { get; set; }

    /// <summary>Null: 993 with <see cref="ImapSecurity.SslOnConnect"/>, 143 otherwise.</summary>
    public int? Port { get; set; }

    public ImapSecurity Security { get; set; } = ImapSecurity.SslOnConnect;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>Where the bounces arrive.</summary>
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where a message goes once it has been read (created when missing).</summary>
    public string ProcessedFolder { get; set; } = "Behandlet";

    /// <summary>How often the mailbox is read.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many temporary failures (full mailbox ...) since the subscriber confirmed, the address counts as undeliverable.</summary>
    public int SoftBounceLimit { get; set; } = 3;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? (Security == ImapSecurity.SslOnConnect ? 993 : 143);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"Bounces:Host must be the IMAP server's host name or IP address, such as imap.example.dk (it is '{Host}').", [nameof(Host)]);
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Bounces:Port must be a TCP port from 1 to 65535, usually 993 or 143 (it is {Port}).", [nameof(Port)]);
        }

        if (string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Bounces:UserName and Bounces:Password are needed to sign in to the bounce mailbox when Bounces:Host is set.", [nameof(UserName), nameof(Password)]);
        }

        // A password sent over a plain connection can be read by anyone on the path to the server.
        if (Security == ImapSecurity.None && !IsLoopback(Host!))
        {
            yield return new ValidationResult(
                $"Bounces:Security is None but Bounces:Host '{Host}' is not this machine: the password would cross the network in clear text. " +
                "Set Bounces:Security to SslOnConnect (port 993) or StartTls (port 143).",
                [nameof(Security), nameof(Host)]);
        }

        if (string.IsNullOrWhiteSpace(Folder) || string.IsNullOrWhiteSpace(ProcessedFolder))
        {
            yield return new ValidationResult("Bounces:Folder and Bounces:ProcessedFolder must name IMAP folders, such as INBOX and Behandlet.", [nameof(Folder), nameof(ProcessedFolder)]);
        }
        else if (string.Equals(Folder.Trim(), ProcessedFolder.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Bounces:ProcessedFolder must differ from Bounces:Folder (both are '{Folder}'), or read messages would be read again.", [nameof(ProcessedFolder)]);
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"Bounces:Interval must be from 00:00:01 to 1.00:00:00 (it is {Interval}).", [nameof(Interval)]);
        }

        if (SoftBounceLimit is < 1 or > 100)
        {
            yield return new ValidationResult($"Bounces:SoftBounceLimit must be from 1 to 100 (it is {SoftBounceLimit}).", [nameof(SoftBounceLimit)]);
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
