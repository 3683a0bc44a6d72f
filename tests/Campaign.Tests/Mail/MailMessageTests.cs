using System.Net;
using System.Security.Cryptography;
using Campaign.Tests.Newsletter;
using Campaign.Web.Features.Newsletter;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Campaign.Tests.Mail;

/// <summary>
/// The mail as a receiving server gets it, read back from the bytes the SMTP sink received: MIME structure, Danish
/// names in headers, the list headers of newsletter mail, Auto-Submitted, and a DKIM signature checked against the public key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MailMessageTests
{
    [Fact]
    public async Task Danish_names_and_subject_are_encoded_on_the_wire_and_decode_intact()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = new MailApp().SendingTo(sink.SmtpPort);
        app.With("Smtp:FromName", "Ærø Kommune – Tal om ensomhed");
        var to = SmtpSink.Recipient();

        var id = (await app.EnqueueAsync(MailApp.Mail(to, subject: "Sæt kryds i kalenderen: fællesspisning på Ærø"))).Single();

        var received = Assert.Single(await sink.WaitForAsync(to));
        var mail = await ParseAsync(sink, received);
        Assert.Equal("Søren Ærø", Assert.Single(mail.To.Mailboxes).Name);
        Assert.Equal(to, mail.To.Mailboxes.Single().Address);
        Assert.Equal("Ærø Kommune – Tal om ensomhed", Assert.Single(mail.From.Mailboxes).Name);
        Assert.Equal("noreply@talomensomhed.dk", mail.From.Mailboxes.Single().Address);
        Assert.Equal("Sæt kryds i kalenderen: fællesspisning på Ærø", mail.Subject);
        Assert.Equal($"{id:N}@talomensomhed.dk", mail.MessageId);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        // On the wire every header is 7-bit: names and subject as RFC 2047 encoded words.
        Assert.All(received.RawHeaders, line => Assert.True(line.All(char.IsAscii), line));
        Assert.Contains(received.RawHeaders, line => line.StartsWith("To: ", StringComparison.Ordinal) && line.Contains("=?utf-8?", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(received.RawHeaders, line => line.StartsWith("Subject: =?utf-8?", StringComparison.OrdinalIgnoreCase));

        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.All(alternative.OfType<TextPart>(), p => Assert.Equal("utf-8", p.ContentType.Charset, ignoreCase: true));
        Assert.Contains("Kære Søren", mail.TextBody);
        Assert.Contains("Kære Søren", mail.HtmlBody);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_newsletter_mail_carries_the_list_headers_and_auto_submitted()
    {
        var sink = await SmtpSink.GetAsync();
        await using var app = Newsletter(new MailApp().SendingTo(sink.SmtpPort));
        var email = SmtpSink.Recipient("abonnent");

        Assert.Equal(HttpStatusCode.OK, (await app.SignUpAsync(email, name: "Jørgen Ærbødig")).StatusCode);

        var received = Assert.Single(await sink.WaitForAsync(email));
        var mail = await ParseAsync(sink, received);
        var token = (await app.SubscriberAsync(email))!.Token;
        Assert.Equal("Jørgen Ærbødig", mail.To.Mailboxes.Single().Name);
        Assert.Equal($"<http://localhost/nyhedsbrev/afmeld/{token}>, <mailto:afmeld@talomensomhed.dk?subject=afmeld%20{token}>", Unfold(mail.Headers["List-Unsubscribe"]!));
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal($"{NewsletterHeaders.ListId} <nyhedsbrev.talomensomhed.dk>", mail.Headers["List-Id"]);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task With_dkim_configured_every_mail_is_signed_and_the_signature_verifies_against_the_public_key()
    {
        var sink = await SmtpSink.GetAsync();
        using var key = RSA.Create(2048);
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, key.ExportRSAPrivateKeyPem());
        try
        {
            await using var app = Newsletter(new MailApp().SendingTo(sink.SmtpPort));
            app.With("Smtp:Dkim:Domain", "talomensomhed.dk").With("Smtp:Dkim:Selector", "kampagne2026").With("Smtp:Dkim:PrivateKeyPath", keyFile);
            var email = SmtpSink.Recipient("abonnent");

            Assert.Equal(HttpStatusCode.OK, (await app.SignUpAsync(email, name: "Søren Ærø")).StatusCode);

            var mail = await ParseAsync(sink, Assert.Single(await sink.WaitForAsync(email)));
            var signature = Assert.Single(mail.Headers, h => h.Id == HeaderId.DkimSignature);
            var tags = Tags(signature.Value);
            Assert.Equal("talomensomhed.dk", tags["d"]);
            Assert.Equal("kampagne2026", tags["s"]);
            Assert.Equal("rsa-sha256", tags["a"]);
            Assert.Equal("relaxed/relaxed", tags["c"]);
            var signed = tags["h"].Split(':');
            Assert.Subset(signed.ToHashSet(), new HashSet<string>
            {
                "from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post", "list-id", "auto-submitted",
            });

            // The receiver finds the public key in DNS at kampagne2026._domainkey.talomensomhed.dk, published as this TXT record.
            var record = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}";
            var verifier = new DkimVerifier(new TxtRecordLocator("talomensomhed.dk", "kampagne2026", record));
            Assert.True(await verifier.VerifyAsync(mail, signature), "The DKIM signature did not verify against the public key.");

            // The check can fail: another key, or a header changed in transit, does not verify.
            using var other = RSA.Create(2048);
            var otherRecord = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(other.ExportSubjectPublicKeyInfo())}";
            Assert.False(await new DkimVerifier(new TxtRecordLocator("talomensomhed.dk", "kampagne2026", otherRecord)).VerifyAsync(mail, signature));
            mail.Headers.Replace("List-Unsubscribe", "<https://angriber.example/afmeld>");
            Assert.False(await verifier.VerifyAsync(mail, signature));
            Assert.Empty(app.Errors);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static MailApp Newsletter(MailApp app)
    {
        app.With("Abuse:MinimumFillSeconds", "0").With("Abuse:NewsletterPermitsPer10Minutes", "1000").With("Abuse:SignInPermitsPerMinute", "1000");
        return app;
    }

    private static async Task<MimeMessage> ParseAsync(SmtpSink sink, SinkMessage message)
    {
        using var raw = new MemoryStream(await sink.RawAsync(message));
        return await MimeMessage.LoadAsync(raw);
    }

    private static string Unfold(string value) => string.Join(' ', value.Split(["\r\n", "\n"], StringSplitOptions.None).Select((l, i) => i == 0 ? l : l.TrimStart())).Trim();

    private static Dictionary<string, string> Tags(string signature) => signature
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(tag => tag.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => string.Concat(pair[1].Where(c => !char.IsWhiteSpace(c))));

    /// <summary>What a DNS lookup of the selector's TXT record gives a receiving server.</summary>
    private sealed class TxtRecordLocator(string domain, string selector, string record) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain1, string selector1, CancellationToken cancellationToken = default)
        {
            Assert.Equal("dns/txt", methods);
            Assert.Equal(domain, domain1);
            Assert.Equal(selector, selector1);
            return GetPublicKey(record);
        }

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain1, string selector1, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain1, selector1, cancellationToken));
    }
}
