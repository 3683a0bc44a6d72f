using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Campaign.Web.Setup;

/// <summary>
/// How the data-protection key ring is protected at rest (configuration section <c>DataProtection</c>). The keys live in
/// the database; with a certificate each key is stored encrypted to it, so a database dump alone forges no cookie.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 file (.pfx/.p12) with the private key; relative paths are taken from the content root.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>The certificate, or null when none is configured; a file that cannot be used stops the start naming the key.</summary>
    public X509Certificate2? LoadCertificate(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
        {
            if (!string.IsNullOrEmpty(CertificatePassword))
            {
                throw new InvalidOperationException("DataProtection:CertificatePassword is set but DataProtection:CertificatePath is empty; set the path to the .pfx file, or remove the password.");
            }

            return null;
        }

        var path = Path.IsPathRooted(CertificatePath) ? CertificatePath : Path.Combine(contentRoot, CertificatePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath names '{path}', which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' could not be read as a PKCS#12 file with DataProtection:CertificatePassword ({e.Message}).", e);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPublicKey() is null)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath '{path}' must hold an RSA certificate with its private key: the nodes need it to read the keys back.");
        }

        return certificate;
    }
}
