using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Campaign.Tests.Mail;

/// <summary>
/// The real SMTP server of tests/smtp-sink (Node.js, smtp-server + mailparser) that the mail tests send to.
/// test.sh starts one and sets CAMPAIGN_TEST_SMTP_PORT and CAMPAIGN_TEST_SMTP_URL; without them (a plain
/// `dotnet test`) the first test that needs it starts its own, which stops when the test process ends.
/// Tests run in parallel against one sink, so each reads only the mail to its own unique recipients.
/// </summary>
public sealed class SmtpSink
{
    private static readonly Lazy<Task<SmtpSink>> Shared = new(FindOrStartAsync);
    private static readonly Lazy<Task<SmtpSink>> SharedTls = new(StartTlsSinkAsync);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private SmtpSink(int smtpPort, Uri api)
    {
        SmtpPort = smtpPort;
        Api = api;
    }

    public int SmtpPort { get; }
    public Uri Api { get; }

    /// <summary>The port that offers STARTTLS, on a sink from <see cref="GetTlsAsync"/>.</summary>
    public int StartTlsPort { get; private init; }

    /// <summary>The port that speaks TLS from the first byte, on a sink from <see cref="GetTlsAsync"/>.</summary>
    public int TlsPort { get; private init; }

    /// <summary>The SHA-256 fingerprint of the TLS sink's self-signed certificate, as Smtp:TrustedCertificate takes it.</summary>
    public string CertificateSha256 { get; private init; } = "";

    public static Task<SmtpSink> GetAsync() => Shared.Value;

    /// <summary>
    /// A sink of this test run's own that also listens with STARTTLS and with implicit TLS, with a self-signed certificate
    /// for localhost made here (trusted by nobody), and greets without smtp-server's 100 ms wait.
    /// </summary>
    public static Task<SmtpSink> GetTlsAsync() => SharedTls.Value;

    /// <summary>The message exactly as the server received it.</summary>
    public async Task<byte[]> RawAsync(SinkMessage message) =>
        await Http.GetByteArrayAsync(new Uri(Api, $"messages/{Uri.EscapeDataString(message.Id)}/raw")).ConfigureAwait(false);

    /// <summary>The SMTP connections that carried mail to any of the addresses.</summary>
    public async Task<IReadOnlyList<SinkConnectionInfo>> ConnectionsToAsync(params string[] addresses)
    {
        var found = new Dictionary<string, SinkConnectionInfo>();
        foreach (var address in addresses)
        {
            var list = await Http.GetFromJsonAsync<SinkConnections>(new Uri(Api, $"connections?to={Uri.EscapeDataString(address)}"), Json).ConfigureAwait(false);
            foreach (var connection in list?.Connections ?? [])
            {
                found[connection.Id] = connection;
            }
        }

        return [.. found.Values];
    }

    /// <summary>Makes the server say 421 and close the connections that carried mail to the address, as an idle timeout does.</summary>
    public async Task CloseConnectionsAsync(string address) =>
        (await Http.PostAsync(new Uri(Api, $"connections/close?to={Uri.EscapeDataString(address)}"), null).ConfigureAwait(false)).EnsureSuccessStatusCode();

    /// <summary>From now on the server answers RCPT TO this exact address with 550.</summary>
    public async Task RefuseAsync(string address) =>
        (await Http.PostAsync(new Uri(Api, $"refuse?address={Uri.EscapeDataString(address)}"), null).ConfigureAwait(false)).EnsureSuccessStatusCode();

    /// <summary>A fresh address on a domain nobody receives mail for; its local part can ask the sink to refuse (refuse-…) or defer (defer-…).</summary>
    public static string Recipient(string prefix = "modtager") => $"{prefix}-{Guid.NewGuid():N}@example.org";

    /// <summary>Waits until a mail with this subject reached the address, as its reader would, and returns it.</summary>
    public async Task<SinkMessage> WaitForSubjectAsync(string address, string subject, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var messages = await MessagesToAsync(address).ConfigureAwait(false);
            if (messages.FirstOrDefault(m => m.Subject == subject) is { } message)
            {
                return message;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"No mail \"{subject}\" to {address} reached the SMTP sink; it has: {string.Join(", ", messages.Select(m => $"\"{m.Subject}\""))}.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>A loopback port nothing listens on: mail sent there finds the server down.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<IReadOnlyList<SinkMessage>> MessagesToAsync(string address) =>
        await Http.GetFromJsonAsync<List<SinkMessage>>(new Uri(Api, $"messages?to={Uri.EscapeDataString(address)}"), Json).ConfigureAwait(false) ?? [];

    /// <summary>Waits until at least <paramref name="count"/> mails to the address arrived, and returns them all.</summary>
    public async Task<IReadOnlyList<SinkMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var messages = await MessagesToAsync(address).ConfigureAwait(false);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Expected {count} mail(s) to {address} at the SMTP sink, found {messages.Count}.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static async Task<SmtpSink> FindOrStartAsync()
    {
        var port = Environment.GetEnvironmentVariable("CAMPAIGN_TEST_SMTP_PORT");
        var url = Environment.GetEnvironmentVariable("CAMPAIGN_TEST_SMTP_URL");
        if (!string.IsNullOrEmpty(port) || !string.IsNullOrEmpty(url))
        {
            if (string.IsNullOrEmpty(port) || string.IsNullOrEmpty(url))
            {
                throw new InvalidOperationException("Set both CAMPAIGN_TEST_SMTP_PORT and CAMPAIGN_TEST_SMTP_URL (test.sh does), or neither to let the tests start tests/smtp-sink themselves.");
            }

            return new SmtpSink(int.Parse(port), new Uri(url.TrimEnd('/') + "/"));
        }

        return await StartAsync(new Dictionary<string, string>()).ConfigureAwait(false);
    }

    private static async Task<SmtpSink> StartTlsSinkAsync()
    {
        var work = Directory.CreateTempSubdirectory("campaign-smtp-sink-tls-").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var keyFile = Path.Combine(work, "key.pem");
        var certificateFile = Path.Combine(work, "cert.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem()).ConfigureAwait(false);
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem()).ConfigureAwait(false);
        var sink = await StartAsync(new Dictionary<string, string>
        {
            ["SMTP_SINK_NO_DELAY"] = "1",
            ["SMTP_SINK_TLS_KEY"] = keyFile,
            ["SMTP_SINK_TLS_CERT"] = certificateFile,
        }).ConfigureAwait(false);
        return new SmtpSink(sink.SmtpPort, sink.Api)
        {
            StartTlsPort = sink.StartTlsPort,
            TlsPort = sink.TlsPort,
            CertificateSha256 = Convert.ToHexString(SHA256.HashData(certificate.RawData)),
        };
    }

    private static async Task<SmtpSink> StartAsync(Dictionary<string, string> environment)
    {
        var folder = FindSinkFolder();
        if (!await RunsAsync("node", "--version").ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                "The mail tests send to a real SMTP server, tests/smtp-sink, which runs on Node.js, and `node` is not on the PATH. " +
                "Run ./test.sh (it installs Node.js and starts the sink), or install Node.js 20+ and run the tests again.");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            var (ok, output) = await RunAsync("npm", "ci --no-audit --no-fund", folder, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            if (!ok)
            {
                throw new InvalidOperationException($"`npm ci` in {folder} failed, so the SMTP sink cannot start. Run ./test.sh, or run `npm ci` there yourself.\n{output}");
            }
        }

        var work = Directory.CreateTempSubdirectory("campaign-smtp-sink-").FullName;
        var ready = Path.Combine(work, "ready.json");
        var start = new ProcessStartInfo("node", "server.js")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["SMTP_SINK_PORT"] = "0";
        start.Environment["SMTP_SINK_HTTP_PORT"] = "0";
        start.Environment["SMTP_SINK_DIR"] = Path.Combine(work, "messages");
        start.Environment["SMTP_SINK_READY_FILE"] = ready;
        start.Environment["SMTP_SINK_PARENT_PID"] = Environment.ProcessId.ToString();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the SMTP sink.");
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Stop(process);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // The sink may still be writing as it goes; the OS temp cleaner takes the rest.
            }
        };

        var until = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ready))
        {
            if (process.HasExited || DateTime.UtcNow > until)
            {
                Stop(process);
                lock (log)
                {
                    throw new InvalidOperationException($"The SMTP sink in {folder} did not start. Run ./test.sh to see it start there.\n{log}");
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        using var ports = JsonDocument.Parse(await File.ReadAllTextAsync(ready).ConfigureAwait(false));
        var smtpPort = ports.RootElement.GetProperty("smtpPort").GetInt32();
        var httpPort = ports.RootElement.GetProperty("httpPort").GetInt32();
        return new SmtpSink(smtpPort, new Uri($"http://127.0.0.1:{httpPort}/"))
        {
            StartTlsPort = ports.RootElement.TryGetProperty("startTlsPort", out var startTls) ? startTls.GetInt32() : 0,
            TlsPort = ports.RootElement.TryGetProperty("tlsPort", out var tls) ? tls.GetInt32() : 0,
        };
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string FindSinkFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "smtp-sink");
            if (File.Exists(Path.Combine(candidate, "server.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Could not find tests/smtp-sink/server.js above {AppContext.BaseDirectory}. Run the tests from the repository with ./test.sh.");
    }

    private static async Task<bool> RunsAsync(string file, string arguments)
    {
        try
        {
            return (await RunAsync(file, arguments, Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(20)).ConfigureAwait(false)).Ok;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<(bool Ok, string Output)> RunAsync(string file, string arguments, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            return (false, $"{file} {arguments} took longer than {timeout}.");
        }

        return (process.ExitCode == 0, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}

/// <summary>One mail as the sink stored it (parsed by mailparser).</summary>
public sealed record SinkMessage(
    string Id,
    SinkEnvelope Envelope,
    string From,
    string To,
    string Subject,
    string Text,
    string Html,
    string MessageId,
    string ContentType,
    Dictionary<string, string> Headers,
    List<string> RawHeaders,
    SinkConnection Connection);

public sealed record SinkEnvelope(string From, List<string> To);

/// <summary>The SMTP connection that carried a message: its id, whether it was encrypted, whether the client pipelined, and the message's place on it (1, 2 ...).</summary>
public sealed record SinkConnection(string Id, bool Secure, bool Pipelined, int Sequence);

public sealed record SinkConnections(int Opened, int Open, List<SinkConnectionInfo> Connections);

/// <summary>One SMTP connection the sink accepted.</summary>
public sealed record SinkConnectionInfo(string Id, bool Open, bool Secure, bool Pipelined, int Messages);
