using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Sends over a small pool of SMTP connections (MailKit), at most Smtp:MaxConnections at once, each carrying one mail
/// after another: no TCP, TLS and sign-in per mail. MailKit pipelines MAIL FROM and RCPT TO when the server offers
/// PIPELINING. A refused recipient fails that mail alone (MailKit resets the transaction and the connection carries
/// the next mail); a connection that broke is closed, and a pooled one the server closed while idle is replaced before
/// use. Safe to call from several tasks at once. Reads the options at each send, so a changed Smtp section applies
/// without a restart (connections made for the old settings are closed as they come up).
/// </summary>
public sealed class MailKitSender : IMailSender, IAsyncDisposable, IDisposable
{
    // Idle connections are closed after this, politely, before the server's own idle timeout (Postfix: 5 minutes) does.
    private static readonly TimeSpan CloseIdleAfter = TimeSpan.FromMinutes(1);

    private readonly IOptionsMonitor<SmtpOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<MailKitSender> _log;
    private readonly ConcurrentStack<SmtpConnection> _idle = new();
    private readonly ITimer _sweeper;
    private readonly Lock _gateLock = new();
    private Gate _gate = new(0, new SemaphoreSlim(0));
    private CachedSigner? _signer;
    private volatile bool _disposed;

    public MailKitSender(IOptionsMonitor<SmtpOptions> options, TimeProvider clock, ILogger<MailKitSender> log)
    {
        _options = options;
        _clock = clock;
        _log = log;
        _sweeper = clock.CreateTimer(_ => _ = CloseIdleAsync(), null, CloseIdleAfter, CloseIdleAfter);
    }

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var smtp = _options.CurrentValue;
        var mail = MailComposer.Compose(message, smtp, _clock.GetUtcNow(), Signer(smtp.Dkim));

        // Waiting for a free connection is not part of Smtp:Timeout: it bounds the talk with the server.
        var gate = GateFor(smtp.MaxConnections);
        await gate.Slots.WaitAsync(ct);
        try
        {
            await SendOverPoolAsync(mail, smtp, ct);
        }
        finally
        {
            gate.Slots.Release();
        }
    }

    private async Task SendOverPoolAsync(MimeMessage mail, SmtpOptions smtp, CancellationToken ct)
    {
        var endpoint = SmtpEndpoint.Of(smtp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(smtp.Timeout);

        SmtpConnection connection;
        try
        {
            connection = await CheckOutAsync(endpoint, smtp.Timeout, timeout.Token);
        }
        catch (Exception e) when (IsConnectionFailure(e) || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new MailDeliveryException(DescribeConnectFailure(endpoint, smtp, e), permanent: false, e);
        }

        try
        {
            connection.Client.Timeout = (int)smtp.Timeout.TotalMilliseconds;
            await connection.Client.SendAsync(mail, timeout.Token);
        }
        catch (SmtpCommandException e)
        {
            // MailKit answered the refusal with RSET, so the session is clean and carries the next mail.
            await ReturnAsync(connection, smtp.MaxConnections);
            throw new MailDeliveryException($"{(int)e.StatusCode} {e.Message}", IsPermanentRefusal(e), e);
        }
        catch (Exception e)
        {
            // Anything else leaves the session in an unknown state: it is not used again.
            await connection.DisposeAsync();
            if (e is OperationCanceledException && !ct.IsCancellationRequested)
            {
                throw new MailDeliveryException($"No answer from {endpoint} within {smtp.Timeout.TotalSeconds:0} seconds.", permanent: false, e);
            }

            if (IsConnectionFailure(e))
            {
                throw new MailDeliveryException($"The connection to {endpoint} broke while sending: {e.Message}", permanent: false, e);
            }

            throw;
        }

        await ReturnAsync(connection, smtp.MaxConnections);
    }

    /// <summary>An idle connection for these settings that still works, or a new one.</summary>
    private async Task<SmtpConnection> CheckOutAsync(SmtpEndpoint endpoint, TimeSpan timeout, CancellationToken ct)
    {
        while (_idle.TryPop(out var idle))
        {
            if (idle.Endpoint == endpoint && await idle.IsUsableAsync(_clock.GetElapsedTime(idle.IdleSince), timeout, ct))
            {
                return idle;
            }

            _log.LogDebug("Closing a pooled SMTP connection to {Endpoint}: the server closed it, or the Smtp settings changed", idle.Endpoint);
            await idle.DisposeAsync();
        }

        var connection = await SmtpConnection.OpenAsync(endpoint, timeout, _clock.GetTimestamp(), ct);
        _log.LogDebug("Opened an SMTP connection to {Endpoint} ({Security}); the server offers {Capabilities}",
            endpoint, endpoint.Security, connection.Client.Capabilities);
        return connection;
    }

    private async Task ReturnAsync(SmtpConnection connection, int maxConnections)
    {
        if (_disposed || !connection.Client.IsConnected || _idle.Count >= maxConnections)
        {
            await connection.DisposeAsync();
            return;
        }

        connection.IdleSince = _clock.GetTimestamp();
        _idle.Push(connection);
    }

    private async Task CloseIdleAsync()
    {
        // Runs on a timer: nothing may escape, and a connection that fails to close is simply dropped.
        try
        {
            var keep = new List<SmtpConnection>();
            while (_idle.TryPop(out var connection))
            {
                if (_clock.GetElapsedTime(connection.IdleSince) < CloseIdleAfter && !_disposed)
                {
                    keep.Add(connection);
                }
                else
                {
                    await connection.DisposeAsync();
                }
            }

            // Oldest first, so the most recently used ends on top and is taken first.
            foreach (var connection in keep.OrderBy(c => c.IdleSince))
            {
                _idle.Push(connection);
            }
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Could not close idle SMTP connections");
        }
    }

    /// <summary>The gate for the configured number of connections; a changed setting gets a new gate for the sends that start after it.</summary>
    private Gate GateFor(int size)
    {
        var gate = _gate;
        if (gate.Size == size)
        {
            return gate;
        }

        lock (_gateLock)
        {
            if (_gate.Size != size)
            {
                _gate = new Gate(size, new SemaphoreSlim(size, size));
            }

            return _gate;
        }
    }

    /// <summary>The signer for the current Smtp:Dkim settings, read from its key file once rather than per mail.</summary>
    private DkimSigner? Signer(DkimOptions dkim)
    {
        if (!dkim.Enabled)
        {
            return null;
        }

        var cached = _signer;
        if (cached is not null && cached.Domain == dkim.Domain && cached.Selector == dkim.Selector && cached.Path == dkim.PrivateKeyPath)
        {
            return cached.Signer;
        }

        var signer = dkim.CreateSigner()!;
        _signer = new CachedSigner(dkim.Domain, dkim.Selector, dkim.PrivateKeyPath, signer);
        return signer;
    }

    /// <summary>
    /// Only a recipient refused with a 5xx mailbox error (unknown user, mailbox disabled, bad address) is permanent:
    /// the same mail to the same address would be refused again. Everything else (no connection, 4xx, a refused
    /// sender or login, a relay denial from a misconfigured server) may pass later, so it is retried.
    /// </summary>
    internal static bool IsPermanentRefusal(SmtpCommandException e) =>
        e.ErrorCode == SmtpErrorCode.RecipientNotAccepted
        && (int)e.StatusCode is >= 500 and < 600
        && e.StatusCode != SmtpStatusCode.AuthenticationRequired
        && !e.Message.Contains("relay", StringComparison.OrdinalIgnoreCase);

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or SocketException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or AuthenticationException or SslHandshakeException or NotSupportedException;

    private static string DescribeConnectFailure(SmtpEndpoint endpoint, SmtpOptions smtp, Exception e) => e switch
    {
        OperationCanceledException => $"Could not connect to {endpoint} within {smtp.Timeout.TotalSeconds:0} seconds.",
        SslHandshakeException => $"TLS with {endpoint} failed; the server's certificate must be valid for '{endpoint.Host}' and issued by a trusted authority, or be the one named by Smtp:TrustedCertificate. {e.Message}",
        NotSupportedException when endpoint.Security == SmtpSecurity.StartTls => $"{endpoint} does not offer STARTTLS, which Smtp:Security=StartTls requires. {e.Message}",
        AuthenticationException => $"{endpoint} refused the sign-in with Smtp:UserName and Smtp:Password. {e.Message}",
        _ => $"Could not connect to {endpoint}: {e.Message}",
    };

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _sweeper.DisposeAsync();
        while (_idle.TryPop(out var connection))
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>For a container disposed synchronously: closes the idle connections without the QUIT courtesy.</summary>
    public void Dispose()
    {
        _disposed = true;
        _sweeper.Dispose();
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed record Gate(int Size, SemaphoreSlim Slots);

    private sealed record CachedSigner(string? Domain, string? Selector, string? Path, DkimSigner Signer);
}
