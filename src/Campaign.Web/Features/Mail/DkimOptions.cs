using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using MimeKit.Cryptography;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// DKIM signing (configuration section <c>Smtp:Dkim</c>). Receivers that apply DMARC to the sender's domain put
/// unsigned mail in spam, so a production site signs with a key whose public half is published in DNS as
/// <c>{Selector}._domainkey.{Domain}</c>.
/// </summary>
public sealed partial class DkimOptions
{
    /// <summary>The signing domain (d=): the domain of Smtp:From or a parent of it, so DMARC sees the signature as aligned.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (s=) that names the DNS record holding the public key.</summary>
    public string? Selector { get; set; }

    /// <summary>A PEM file with the RSA private key (PKCS#1 or PKCS#8, unencrypted), readable by the app only.</summary>
    public string? PrivateKeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain) && !string.IsNullOrWhiteSpace(Selector) && !string.IsNullOrWhiteSpace(PrivateKeyPath);

    /// <summary>A signer for these settings, relaxed/relaxed and RSA-SHA256; null when signing is off.</summary>
    /// <exception cref="Exception">The key file is missing or holds no private key (validation at start reports this first).</exception>
    public DkimSigner? CreateSigner()
    {
        if (!Enabled)
        {
            return null;
        }

        // Relaxed canonicalization survives what relays commonly do to a mail in transit: refolding headers, changing
        // whitespace at line ends. Simple would turn such harmless changes into a failed signature.
        return new DkimSigner(Path.GetFullPath(PrivateKeyPath!), Domain!.Trim(), Selector!.Trim(), DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            QueryMethod = "dns/txt",
        };
    }

    internal IEnumerable<ValidationResult> Validate(string fromDomain)
    {
        string[] keys = ["Smtp:Dkim:Domain", "Smtp:Dkim:Selector", "Smtp:Dkim:PrivateKeyPath"];
        string?[] values = [Domain, Selector, PrivateKeyPath];
        var set = values.Count(v => !string.IsNullOrWhiteSpace(v));
        if (set == 0)
        {
            yield break;
        }

        // Two of three set is a mistake in the configuration, not a wish to send unsigned: unsigned mail from a
        // domain with a DMARC policy goes to spam, which nobody notices until subscribers complain.
        if (set < 3)
        {
            var missing = keys.Where((_, i) => string.IsNullOrWhiteSpace(values[i]));
            yield return new ValidationResult(
                $"DKIM signing needs Smtp:Dkim:Domain, Smtp:Dkim:Selector and Smtp:Dkim:PrivateKeyPath together; {string.Join(" and ", missing)} not set. Set all three, or none to send unsigned.",
                [nameof(SmtpOptions.Dkim)]);
            yield break;
        }

        var domain = Domain!.Trim().ToLowerInvariant();
        var from = fromDomain.ToLowerInvariant();
        if (!DomainPattern().IsMatch(domain))
        {
            yield return new ValidationResult($"Smtp:Dkim:Domain must be a domain name such as talomensomhed.dk (it is '{Domain}').", [nameof(SmtpOptions.Dkim)]);
        }
        else if (from != domain && !from.EndsWith("." + domain, StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"Smtp:Dkim:Domain ('{Domain}') must be the domain of Smtp:From ('{fromDomain}') or a parent of it; otherwise DMARC does not count the signature.",
                [nameof(SmtpOptions.Dkim)]);
        }

        if (!SelectorPattern().IsMatch(Selector!.Trim()))
        {
            yield return new ValidationResult($"Smtp:Dkim:Selector must be letters, digits, '-' and '.', such as 'mail2026' (it is '{Selector}').", [nameof(SmtpOptions.Dkim)]);
        }

        var path = Path.GetFullPath(PrivateKeyPath!);
        string? problem = null;
        if (!File.Exists(path))
        {
            problem = "there is no such file";
        }
        else
        {
            // Whatever the PEM reader throws (no key in the file, a public key, an encrypted key) means the same here.
            try
            {
                CreateSigner();
            }
            catch (Exception e)
            {
                problem = $"it could not be read as a PEM private key ({e.Message})";
            }
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                $"Smtp:Dkim:PrivateKeyPath is '{PrivateKeyPath}' ({path}), but {problem}. It must be a readable PEM file with the RSA private key whose public half is published at {Selector}._domainkey.{Domain}.",
                [nameof(SmtpOptions.Dkim)]);
        }
    }

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex SelectorPattern();
}
