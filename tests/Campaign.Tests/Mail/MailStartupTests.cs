using System.Security.Cryptography;
using Campaign.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Mail;

/// <summary>Mail settings that cannot work stop the start with a message that names the key, instead of failing mail later.</summary>
public sealed class MailStartupTests
{
    [Theory]
    [InlineData("Smtp:From", "ikke-en-adresse", "Smtp:From must be a plain email address")]
    [InlineData("Smtp:Port", "0", "Smtp:Port must be a TCP port from 1 to 65535")]
    [InlineData("Smtp:UserName", "bruger", "Smtp:UserName and Smtp:Password go together")]
    [InlineData("Smtp:MaxConnections", "0", "Smtp:MaxConnections must be from 1 to 32")]
    [InlineData("Smtp:MaxConnections", "33", "Smtp:MaxConnections must be from 1 to 32")]
    [InlineData("Smtp:Security", "SslOnConnect", null)]
    [InlineData("Smtp:TrustedCertificate", "ab:cd", "Smtp:TrustedCertificate must be a certificate's SHA-256 fingerprint")]
    [InlineData("Mail:BatchSize", "0", "Mail:BatchSize must be from 1 to 500")]
    public void A_wrong_mail_setting_stops_the_start_with_a_clear_message(string key, string value, string? message)
    {
        using var app = new CampaignApp().With(key, value);

        if (message is null)
        {
            Assert.NotNull(app.Server);
            return;
        }

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("None", null)]
    [InlineData(null, "false")]
    public void Credentials_without_tls_stop_the_start_naming_the_keys(string? security, string? enableSsl)
    {
        using var app = new CampaignApp().With("Smtp:UserName", "kampagne").With("Smtp:Password", "hemmelig-adgangskode");
        if (security is not null)
        {
            app.With("Smtp:Security", security);
        }

        if (enableSsl is not null)
        {
            app.With("Smtp:EnableSsl", enableSsl);
        }

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Smtp:UserName and Smtp:Password are set but Smtp:Security is None", error.Message);
    }

    [Theory]
    [InlineData("Smtp:Security", "StartTls")]
    [InlineData("Smtp:Security", "SslOnConnect")]
    [InlineData("Smtp:EnableSsl", "true")]
    public void Credentials_over_tls_are_accepted_and_the_old_enable_ssl_still_means_starttls(string key, string value)
    {
        using var app = new CampaignApp().With("Smtp:UserName", "kampagne").With("Smtp:Password", "hemmelig-adgangskode").With(key, value);

        Assert.NotNull(app.Server);
    }

    [Fact]
    public void Enable_ssl_contradicting_security_none_stops_the_start()
    {
        using var app = new CampaignApp().With("Smtp:Security", "None").With("Smtp:EnableSsl", "true");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("Smtp:EnableSsl is true but Smtp:Security is None", error.Message);
    }

    [Fact]
    public void Dkim_settings_set_only_in_part_stop_the_start()
    {
        using var app = new CampaignApp().With("Smtp:Dkim:Domain", "talomensomhed.dk").With("Smtp:Dkim:Selector", "mail2026");

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains("DKIM signing needs Smtp:Dkim:Domain, Smtp:Dkim:Selector and Smtp:Dkim:PrivateKeyPath together; Smtp:Dkim:PrivateKeyPath not set", error.Message);
    }

    [Fact]
    public void A_missing_dkim_key_file_stops_the_start_naming_the_key()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ingen-noegle-{Guid.NewGuid():N}.pem");
        using var app = Dkim(missing);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains($"Smtp:Dkim:PrivateKeyPath is '{missing}'", error.Message);
        Assert.Contains("there is no such file", error.Message);
    }

    [Fact]
    public void A_dkim_key_file_without_a_private_key_stops_the_start_naming_the_key()
    {
        var file = Path.GetTempFileName();
        using var rsa = RSA.Create(2048);
        File.WriteAllText(file, rsa.ExportSubjectPublicKeyInfoPem());
        try
        {
            using var app = Dkim(file);

            var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

            Assert.Contains($"Smtp:Dkim:PrivateKeyPath is '{file}'", error.Message);
            Assert.Contains("could not be read as a PEM private key", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_dkim_domain_that_does_not_align_with_the_sender_stops_the_start()
    {
        var file = Path.GetTempFileName();
        using var rsa = RSA.Create(2048);
        File.WriteAllText(file, rsa.ExportRSAPrivateKeyPem());
        try
        {
            using var app = Dkim(file, domain: "example.org");

            var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

            Assert.Contains("Smtp:Dkim:Domain ('example.org') must be the domain of Smtp:From ('talomensomhed.dk') or a parent of it", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static CampaignApp Dkim(string keyFile, string domain = "talomensomhed.dk") => new CampaignApp()
        .With("Smtp:Dkim:Domain", domain).With("Smtp:Dkim:Selector", "mail2026").With("Smtp:Dkim:PrivateKeyPath", keyFile);
}
