using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Campaign.Tests.Site;

/// <summary>
/// The operator's view: Prometheus metrics on a port (or for networks) of their own, never on the public site, and a
/// trace id on every log line a request causes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ObservabilityTests
{
    [Fact]
    public async Task The_metrics_answer_on_the_metrics_port_and_not_on_the_public_port()
    {
        var publicPort = FreePort();
        var metricsPort = FreePort();
        await using var app = new CampaignApp().With("Metrics:Port", metricsPort.ToString());
        app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, publicPort);
            kestrel.Listen(IPAddress.Loopback, metricsPort);
        });
        app.StartServer();
        using var http = new HttpClient();

        // The listing twice (rendered, then from the output cache) and one search, so each instrument has a value.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://localhost:{publicPort}/arrangementer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://localhost:{publicPort}/arrangementer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://localhost:{publicPort}/soeg?q=ensomhed")).StatusCode);

        // A scraper names the node by its internal address, which is no host the public site answers to.
        var scrape = await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds_count{", text);
        Assert.Matches("campaign_output_cache_lookups_total\\{[^}]*result=\"hit\"[^}]*\\} 1(\\s|$)", text);
        Assert.Matches("campaign_output_cache_lookups_total\\{[^}]*result=\"miss\"[^}]*\\} [1-9]", text);
        Assert.Contains("campaign_search_duration_seconds_count{", text);
        Assert.Matches("campaign_outbox_backlog(\\{[^}]*\\})? 0(\\s|$)", text);
        Assert.Matches("campaign_outbox_oldest_age_seconds(\\{[^}]*\\})? 0(\\s|$)", text);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://localhost:{publicPort}/metrics")).StatusCode);
        // The metrics port serves no page of the site.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://localhost:{metricsPort}/arrangementer")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Without_configuration_there_is_no_scrape_endpoint()
    {
        await using var app = new CampaignApp();

        var response = await app.Client().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task With_allowed_networks_only_their_addresses_may_scrape()
    {
        await using var app = new PeerApp().With("Metrics:AllowedNetworks:0", "10.0.0.0/8");
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await Get(client, "/", "192.0.2.1")).StatusCode);

        var inside = await Get(client, "/metrics", "10.20.30.40");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await inside.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await Get(client, "/metrics", "192.0.2.1")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Theory]
    [InlineData("Metrics:Port", "70000", "Metrics:Port")]
    [InlineData("Metrics:AllowedNetworks:0", "10.0.0.0", "Metrics:AllowedNetworks:0")]
    [InlineData("Metrics:AllowedNetworks:0", "intranet", "Metrics:AllowedNetworks:0")]
    public void A_wrong_metrics_setting_stops_the_start_naming_the_key(string key, string value, string named)
    {
        using var app = new CampaignApp().With(key, value);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Server);

        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("http://+:8080", null, "http://+:8080;http://*:9464")]
    [InlineData("http://127.0.0.1:5101;https://localhost:5443", null, "http://127.0.0.1:5101;https://localhost:5443;http://*:9464")]
    [InlineData(null, "8080", "http://*:8080;http://*:9464")]
    [InlineData(null, null, "http://localhost:5000;http://*:9464")]
    public void The_metrics_port_joins_the_addresses_the_app_listens_on(string? urls, string? httpPorts, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls, ["http_ports"] = httpPorts })
            .Build();

        Assert.Equal(expected, TelemetrySetup.WithMetricsPort(configuration, 9464));
    }

    [Fact]
    public async Task A_log_line_written_during_a_request_carries_its_trace_id()
    {
        await using var app = new ScopeCapturingApp();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/arrangementer");
        // As a load balancer or another service would pass it on: the request continues that trace.
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await app.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = app.Lines.Where(l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics").ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(traceId, l.TraceId));

        // Outside Development the JSON console writes those scopes with each line.
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.IncludeScopes, "The JSON log lines leave out the scopes that hold the trace id.");
        Assert.Empty(app.Errors);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const string PeerHeader = "X-Test-Peer";

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string peer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(PeerHeader, peer);
        return client.SendAsync(request);
    }

    /// <summary>The test server has no network connection; this gives each request the peer address a real one would have.</summary>
    private sealed class PeerApp : CampaignApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerFilter>());
        }
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(PeerHeader, out var peer))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed record LogLine(string Category, string Message, string? TraceId);

    /// <summary>The app with a logger that reads the scopes of each line, as the JSON console does.</summary>
    private sealed class ScopeCapturingApp : CampaignApp
    {
        public ConcurrentQueue<LogLine> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(new ScopeReader(Lines));
                logging.AddFilter<ScopeReader>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Information);
            });
        }
    }

    private sealed class ScopeReader(ConcurrentQueue<LogLine> lines) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => new Reader(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Reader(string category, ScopeReader provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string? traceId = null;
                provider._scopes.ForEachScope((scope, _) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    {
                        foreach (var (key, value) in values)
                        {
                            if (key == "TraceId")
                            {
                                traceId = value?.ToString();
                            }
                        }
                    }
                }, (object?)null);
                provider.Add(new LogLine(category, formatter(state, exception), traceId));
            }
        }

        private void Add(LogLine line) => lines.Enqueue(line);
    }
}
