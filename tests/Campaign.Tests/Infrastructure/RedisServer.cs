using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Campaign.Tests.Infrastructure;

/// <summary>
/// A redis-server of the test's own on a free loopback port, without persistence, which a test may kill and start again
/// on the same port (Debian's redis-server; test.sh installs it). <see cref="SharedAddress"/> is the one test.sh started
/// for the whole run (CAMPAIGN_TEST_REDIS); tests that only need a Redis use it, each under its own key prefix.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("campaign-redis-").FullName;
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The run's Redis from test.sh, else a private one started for this process.</summary>
    public static string SharedAddress => Environment.GetEnvironmentVariable("CAMPAIGN_TEST_REDIS") is { Length: > 0 } address
        ? address
        : Fallback.Value.Address;

    private static readonly Lazy<RedisServer> Fallback = new(() =>
    {
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    /// <summary>A key prefix no other test uses, so tests sharing one Redis never see each other's cache.</summary>
    public static string UniquePrefix() => $"test-{Guid.NewGuid():N}:";

    public static RedisServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new RedisServer(port);
        server.Run();
        return server;
    }

    /// <summary>Ends the server at once, as a crash or a lost network would (no goodbye to the clients).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Starts it again on the same port, empty.</summary>
    public void Restart() => Run();

    private void Run()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder, "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("These tests need redis-server (Debian package redis-server; test.sh installs it).", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Address} within 10 seconds.");
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
