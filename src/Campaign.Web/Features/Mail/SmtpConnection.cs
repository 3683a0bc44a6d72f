using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Campaign.Web.Features.Mail;

/// <summary>What an open connection was made with: a connection made for other settings is not reused.</summary>
internal sealed record SmtpEndpoint(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password, string? TrustedCertificate)
{
    public static SmtpEndpoint Of(SmtpOptions smtp) =>
        new(smtp.Host, smtp.Port, smtp.EffectiveSecurity, string.IsNullOrEmpty(smtp.UserName) ? null : smtp.UserName, smtp.Password, smtp.TrustedCertificateHex);

    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>One open, signed-in SMTP session that carries one mail after another.</summary>
internal sealed class SmtpConnection : IAsyncDisposable, IDisposable
{
    // An idle connection older than this is asked with NOOP before use: a NAT or firewall on the way may have dropped
    // it without either end noticing, and a probe that fails costs a reconnect where a send would cost a failed mail.
    private static readonly TimeSpan ProbeAfterIdle = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;

    private SmtpConnection(SmtpEndpoint endpoint, SmtpClient client, Socket socket, long now)
    {
        Endpoint = endpoint;
        Client = client;
        _socket = socket;
        IdleSince = now;
    }

    public SmtpEndpoint Endpoint { get; }
    public SmtpClient Client { get; }

    /// <summary>When it was last handed back (a <see cref="TimeProvider"/> timestamp).</summary>
    public long IdleSince { get; set; }

    /// <summary>Connects, upgrades to TLS as configured (validating the certificate) and signs in.</summary>
    public static async Task<SmtpConnection> OpenAsync(SmtpEndpoint endpoint, TimeSpan timeout, long now, CancellationToken ct)
    {
        // The socket is ours, not MailKit's, so that a pooled connection the server closed can be seen before it is used.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new SmtpClient
        {
            Timeout = (int)timeout.TotalMilliseconds,
            ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, endpoint.TrustedCertificate),
        };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, ct);
            var security = endpoint.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(socket, endpoint.Host, endpoint.Port, security, ct);
            if (endpoint.UserName is { } user)
            {
                // Mechanisms that need a token provider cannot work with a password.
                client.AuthenticationMechanisms.Remove("XOAUTH2");
                await client.AuthenticateAsync(user, endpoint.Password ?? "", ct);
            }

            return new SmtpConnection(endpoint, client, socket, now);
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the connection can carry another mail. A server that closed an idle connection (or said 421 before
    /// closing it) makes the socket readable although no command is outstanding; that is seen here at no cost.
    /// </summary>
    public async Task<bool> IsUsableAsync(TimeSpan idle, TimeSpan timeout, CancellationToken ct)
    {
        if (!Client.IsConnected)
        {
            return false;
        }

        bool readable;
        try
        {
            readable = _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }

        if (!readable && idle < ProbeAfterIdle)
        {
            return true;
        }

        // Readable may also be TLS housekeeping (a session ticket), so ask rather than guess.
        try
        {
            Client.Timeout = (int)timeout.TotalMilliseconds;
            await Client.NoOpAsync(ct);
            return true;
        }
        catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or SocketException or MailKit.ServiceNotConnectedException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client.IsConnected)
            {
                // QUIT is a courtesy; a server that does not answer within two seconds is simply cut off.
                Client.Timeout = 2000;
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }
        finally
        {
            Client.Dispose();
            _socket.Dispose();
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _socket.Dispose();
    }

    /// <summary>
    /// A certificate that passed the system's validation (trusted chain, matching name, in date), or exactly the one
    /// certificate pinned by its fingerprint in Smtp:TrustedCertificate.
    /// </summary>
    internal static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, string? pinnedSha256)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (pinnedSha256 is null || certificate is null)
        {
            return false;
        }

        return Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == pinnedSha256;
    }
}
