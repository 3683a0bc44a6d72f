using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Campaign.Tests.Infrastructure;
using Campaign.Tests.Newsletter;
using Campaign.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Cluster;

/// <summary>
/// The data-protection key ring lives in the database: a new deployment (another content root, the old one gone) reads
/// what the last one signed, and with a certificate the keys are stored encrypted to it. Runs on SQLite and PostgreSQL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_form_shown_before_a_redeploy_is_accepted_after_it()
    {
        var old = new CampaignApp().OnOwnMachine().With("Abuse:MinimumFillSeconds", "0");
        var shown = await (await old.Client().GetAsync("/nyhedsbrev")).Content.ReadAsStringAsync();
        Assert.Empty(old.Errors);
        await old.DisposeAsync();

        // The new version of the site: another container, same database.
        await using var current = CampaignApp.SecondNode(old).OnOwnMachine().With("Abuse:MinimumFillSeconds", "0");
        var email = Signups.NewEmail("redeploy");
        var fields = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(shown).QuerySelectorAll("form[action='/nyhedsbrev'] input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(Signups.Form(email, null, null, "kampagnenyt"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/nyhedsbrev") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", Signups.Origin);

        var response = await current.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Tjek din indbakke", await response.Content.ReadAsStringAsync());
        Assert.Empty(current.Errors);
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_stored_encrypted_and_still_work()
    {
        await using var app = new CampaignApp();
        var certificate = Path.Combine(app.Folder, "noegler.pfx");
        await File.WriteAllBytesAsync(certificate, SelfSigned("hemmeligt-kodeord"));
        app.With("DataProtection:CertificatePath", certificate).With("DataProtection:CertificatePassword", "hemmeligt-kodeord")
            .With("Abuse:NewsletterPermitsPer10Minutes", "1000").With("Abuse:MinimumFillSeconds", "0");

        var signup = await Signups.PostAsync(app.Client(), Signups.Form(Signups.NewEmail("krypteret"), null, null, "kampagnenyt"));

        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);
        Assert.Contains("Tjek din indbakke", await signup.Content.ReadAsStringAsync());
        var keys = await app.With(services => services.GetRequiredService<CampaignDb>().DataProtectionKeys.AsNoTracking().ToListAsync());
        var key = Assert.Single(keys);
        Assert.Contains("EncryptedData", key.Xml);
        Assert.DoesNotContain("<masterKey", key.Xml);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public void A_missing_certificate_stops_the_start_naming_the_key()
    {
        using var app = new CampaignApp();
        app.With("DataProtection:CertificatePath", Path.Combine(app.Folder, "findes-ikke.pfx"));

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("DataProtection:CertificatePath names", error.ToString());
    }

    [Fact]
    public void A_wrong_certificate_password_stops_the_start_naming_the_key()
    {
        using var app = new CampaignApp();
        var certificate = Path.Combine(app.Folder, "noegler.pfx");
        File.WriteAllBytes(certificate, SelfSigned("rigtigt-kodeord"));
        app.With("DataProtection:CertificatePath", certificate).With("DataProtection:CertificatePassword", "forkert");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("could not be read as a PKCS#12 file with DataProtection:CertificatePassword", error.ToString());
    }

    private static byte[] SelfSigned(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=talomensomhed data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
