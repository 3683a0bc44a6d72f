using System.ComponentModel.DataAnnotations;
using Campaign.Web.Features.Mail;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Mail;

/// <summary>
/// The MailKit sender on its own against the real SMTP sink: connections reused, pipelining, refusals that fail one
/// mail only, a pooled connection the server closed, TLS with certificate validation. What the sink received is
/// what counts, connections included.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MailKitSenderTests
{
    [Fact]
    public async Task One_connection_carries_many_mails_one_after_another_and_pipelines()
    {
        var sink = await SmtpSink.GetAsync();
        await using var sender = Sender(sink.SmtpPort, smtp => smtp.MaxConnections = 1);
        var recipients = Enumerable.Range(0, 20).Select(_ => SmtpSink.Recipient()).ToArray();

        foreach (var to in recipients)
        {
            await sender.SendAsync(Message(to), CancellationToken.None);
        }

        var received = new List<SinkMessage>();
        foreach (var to in recipients)
        {
            received.Add(Assert.Single(await sink.WaitForAsync(to)));
        }

        var connection = Assert.Single(received.Select(m => m.Connection.Id).Distinct());
        Assert.Equal(Enumerable.Range(1, 20), received.Select(m => m.Connection.Sequence).Order());
        // The sink offers PIPELINING, so MailKit sends MAIL FROM and RCPT TO in one write.
        Assert.All(received, m => Assert.True(m.Connection.Pipelined, "MAIL FROM and RCPT TO arrived separately"));
        Assert.Equal(connection, Assert.Single(await sink.ConnectionsToAsync(recipients)).Id);
    }

    [Fact]
    public async Task Sends_from_many_tasks_at_once_share_at_most_max_connections()
    {
        var sink = await SmtpSink.GetAsync();
        await using var sender = Sender(sink.SmtpPort, smtp => smtp.MaxConnections = 3);
        var recipients = Enumerable.Range(0, 30).Select(_ => SmtpSink.Recipient()).ToArray();

        await Task.WhenAll(recipients.Select(to => Task.Run(() => sender.SendAsync(Message(to), CancellationToken.None))));

        foreach (var to in recipients)
        {
            Assert.Single(await sink.WaitForAsync(to));
        }

        var connections = await sink.ConnectionsToAsync(recipients);
        Assert.InRange(connections.Count, 1, 3);
        Assert.Equal(30, connections.Sum(c => c.Messages));
    }

    [Fact]
    public async Task A_refused_recipient_fails_that_mail_alone_and_the_connection_carries_the_next()
    {
        var sink = await SmtpSink.GetAsync();
        await using var sender = Sender(sink.SmtpPort, smtp => smtp.MaxConnections = 1);
        var before = SmtpSink.Recipient();
        var refused = SmtpSink.Recipient("ukendt");
        var after = SmtpSink.Recipient();
        await sink.RefuseAsync(refused);

        await sender.SendAsync(Message(before), CancellationToken.None);
        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(refused), CancellationToken.None));
        await sender.SendAsync(Message(after), CancellationToken.None);

        Assert.True(error.Permanent);
        Assert.StartsWith("550 ", error.Message);
        Assert.Contains("Mailbox unavailable", error.Message);
        Assert.Empty(await sink.MessagesToAsync(refused));
        var first = Assert.Single(await sink.WaitForAsync(before));
        var last = Assert.Single(await sink.WaitForAsync(after));
        Assert.Equal(first.Connection.Id, last.Connection.Id);
        Assert.Equal(first.Connection.Sequence + 1, last.Connection.Sequence);
    }

    [Fact]
    public async Task A_temporary_refusal_is_not_permanent()
    {
        var sink = await SmtpSink.GetAsync();
        await using var sender = Sender(sink.SmtpPort);

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(SmtpSink.Recipient("defer")), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.StartsWith("450 ", error.Message);
    }

    [Fact]
    public async Task A_pooled_connection_the_server_closed_is_replaced_and_the_mail_still_goes()
    {
        var sink = await SmtpSink.GetAsync();
        await using var sender = Sender(sink.SmtpPort, smtp => smtp.MaxConnections = 1);
        var first = SmtpSink.Recipient();
        var second = SmtpSink.Recipient();
        await sender.SendAsync(Message(first), CancellationToken.None);
        var before = Assert.Single(await sink.WaitForAsync(first));

        // The server says 421 and hangs up, as an idle timeout does, while the connection waits in the pool.
        await sink.CloseConnectionsAsync(first);
        await WaitUntilAsync(async () => (await sink.ConnectionsToAsync(first)).All(c => !c.Open), "the sink to close the connection");
        await sender.SendAsync(Message(second), CancellationToken.None);

        var after = Assert.Single(await sink.WaitForAsync(second));
        Assert.NotEqual(before.Connection.Id, after.Connection.Id);
        Assert.Equal(1, after.Connection.Sequence);
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_transient_failure()
    {
        await using var sender = Sender(SmtpSink.ClosedPort());

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(SmtpSink.Recipient()), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Contains("Could not connect to 127.0.0.1:", error.Message);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_mail_after_smtp_timeout()
    {
        // Accepts the connection but never sends its greeting.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var sender = Sender(port, smtp => smtp.Timeout = TimeSpan.FromSeconds(1));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(SmtpSink.Recipient()), CancellationToken.None));

        Assert.False(error.Permanent);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect)]
    public async Task Tls_refuses_a_certificate_nobody_trusts_and_accepts_the_pinned_one(SmtpSecurity security)
    {
        var sink = await SmtpSink.GetTlsAsync();
        var port = security == SmtpSecurity.StartTls ? sink.StartTlsPort : sink.TlsPort;
        var untrusted = SmtpSink.Recipient();
        var wrongPin = SmtpSink.Recipient();
        var trusted = SmtpSink.Recipient();

        await using (var sender = Sender(port, smtp => (smtp.Host, smtp.Security) = ("localhost", security)))
        {
            var error = await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(untrusted), CancellationToken.None));
            Assert.False(error.Permanent);
            Assert.Contains("certificate", error.Message);
        }

        await using (var sender = Sender(port, smtp => (smtp.Host, smtp.Security, smtp.TrustedCertificate) = ("localhost", security, new string('A', 64))))
        {
            await Assert.ThrowsAsync<MailDeliveryException>(() => sender.SendAsync(Message(wrongPin), CancellationToken.None));
        }

        // Signing in over TLS works too: the sink offers AUTH only once the connection is encrypted.
        var fingerprint = string.Join(':', sink.CertificateSha256.Chunk(2).Select(pair => new string(pair)));
        await using (var sender = Sender(port, smtp => (smtp.Host, smtp.Security, smtp.TrustedCertificate, smtp.UserName, smtp.Password) =
            ("localhost", security, fingerprint, "kampagne", "hemmelig-adgangskode")))
        {
            await sender.SendAsync(Message(trusted), CancellationToken.None);
        }

        var message = Assert.Single(await sink.WaitForAsync(trusted));
        Assert.True(message.Connection.Secure);
        Assert.Empty(await sink.MessagesToAsync(untrusted));
        Assert.Empty(await sink.MessagesToAsync(wrongPin));
    }

    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "5.1.1 User unknown", true)]
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed, "Mailbox name not allowed", true)]
    [InlineData(SmtpStatusCode.UserNotLocalTryAlternatePath, "User not local", true)]
    [InlineData(SmtpStatusCode.MailboxBusy, "4.2.1 try later", false)]
    [InlineData(SmtpStatusCode.InsufficientStorage, "Insufficient storage", false)]
    [InlineData(SmtpStatusCode.MailboxUnavailable, "5.7.1 Relaying denied", false)]
    [InlineData(SmtpStatusCode.AuthenticationRequired, "5.7.0 Authentication required", false)]
    public void Only_a_5xx_mailbox_refusal_of_the_recipient_is_permanent(SmtpStatusCode code, string response, bool permanent)
    {
        var refusal = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, code, new MimeKit.MailboxAddress(null, "soeren@example.org"), response);

        Assert.Equal(permanent, MailKitSender.IsPermanentRefusal(refusal));
    }

    [Fact]
    public void A_refused_sender_or_message_is_never_permanent()
    {
        Assert.False(MailKitSender.IsPermanentRefusal(new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.1.8 Sender refused")));
        Assert.False(MailKitSender.IsPermanentRefusal(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "5.7.1 Message refused")));
    }

    private static OutboxMessage Message(string to) => OutboxMessage.Create(MailApp.Mail(to), DateTime.UtcNow);

    private static MailKitSender Sender(int port, Action<SmtpOptions>? configure = null)
    {
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(smtp);
        Assert.Empty(smtp.Validate(new ValidationContext(smtp)));
        return new MailKitSender(new FixedOptions<SmtpOptions>(smtp), TimeProvider.System, NullLogger<MailKitSender>.Instance);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Waited 10 s for {what}.");
            }

            await Task.Delay(20);
        }
    }

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
