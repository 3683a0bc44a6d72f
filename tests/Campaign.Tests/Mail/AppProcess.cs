using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Campaign.Tests.Mail;

/// <summary>
/// The built app as a separate process (`dotnet Campaign.Web.dll`) in the Production environment on a SQLite file, sending
/// to the test SMTP server, so a test can kill it with SIGKILL as an OOM killer or a pulled plug would, and start it
/// again on the same database. Its JSON log lines are kept; error-level ones are collected for the test to assert on.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<string> Errors { get; } = new();
    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts the app on <paramref name="database"/> and returns once /health answers.</summary>
    public static async Task<AppProcess> StartAsync(string database, int smtpPort, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dll = WebDll();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = baseUrl,
            ["Site__BaseUrl"] = baseUrl,
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Campaign"] = $"Data Source={database}",
            ["Seed__DemoData"] = "false",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtpPort.ToString(),
            // The test posts signups as fast as it can, from one address.
            ["Abuse__MinimumFillSeconds"] = "0",
            ["Abuse__NewsletterPermitsPer10Minutes"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = new AppProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."), baseUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (app._process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {app._process.ExitCode} while starting:\n{app.Log()}");
            }

            try
            {
                if ((await http.GetAsync($"{baseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            if (DateTime.UtcNow > until)
            {
                await app.DisposeAsync();
                throw new InvalidOperationException($"The app did not answer /health within 120 s:\n{app.Log()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, no lease given back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public string Log(int lines = 40) => string.Join("\n", _log.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            Errors.Enqueue(line);
        }
    }

    /// <summary>The web project's own build output of the configuration these tests were built in.</summary>
    private static string WebDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        for (var dir = testBin; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Campaign.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Campaign.Web", "bin", configuration, framework, "Campaign.Web.dll");
                return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build Campaign.sln in {configuration}.");
            }
        }

        throw new InvalidOperationException($"No Campaign.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
