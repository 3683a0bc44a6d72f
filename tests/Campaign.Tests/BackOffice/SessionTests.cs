using System.Collections.Concurrent;
using System.Net;
using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Tests.BackOffice;

/// <summary>
/// How long a session lives: closed, demoted and removed people lose theirs within a minute, staff sessions end ten
/// hours after signing in however active, and security events reach the log without secrets.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionTests
{
    // Mail goes to the test SMTP sink: with nowhere to deliver, hours on the fake clock would use up the outbox's
    // retries for the sign-up mails and log "gave up" at error level.
    private static async Task<CampaignApp> NewApp(FakeTimeProvider clock)
    {
        var sink = await Campaign.Tests.Mail.SmtpSink.GetAsync();
        return new LoggedApp().With("Smtp:Host", "127.0.0.1").With("Smtp:Port", sink.SmtpPort.ToString()).UseClock(clock);
    }

    [Fact]
    public async Task Closed_demoted_and_removed_staff_lose_their_session_within_a_minute_and_others_keep_theirs()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await NewApp(clock);
        var (admin, _) = await app.StaffSignedInAsync(Roles.Administrator);
        var closed = await app.StaffEnrolledAsync(Roles.Editor);
        var demoted = await app.StaffEnrolledAsync(Roles.Administrator);
        var removed = await app.StaffEnrolledAsync(Roles.Moderator);

        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Disable&userId={closed.Id}");
        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [new("role", Roles.Editor)], $"/redaktion/medarbejdere?handler=Role&userId={demoted.Id}");
        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [], $"/redaktion/medarbejdere?handler=Remove&userId={removed.Id}");
        clock.Advance(TimeSpan.FromSeconds(61));

        var closedAnswer = await closed.Client.GetAsync("/redaktion");
        Assert.Equal(HttpStatusCode.Redirect, closedAnswer.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", closedAnswer.Headers.Location?.OriginalString);
        Assert.StartsWith("/redaktion/log-ind", (await removed.Client.GetAsync("/redaktion")).Headers.Location?.OriginalString);

        // A new role means a new stamp: the demoted administrator signs in again and gets the editor's rights only.
        Assert.StartsWith("/redaktion/log-ind", (await demoted.Client.GetAsync("/redaktion/medarbejdere")).Headers.Location?.OriginalString);

        // The stamp check renews everyone else's session and keeps the proof of the code step.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/redaktion/medarbejdere")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/redaktion/medarbejdere")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task A_staff_session_ends_ten_hours_after_sign_in_however_active_while_a_members_slides_on()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await NewApp(clock);
        var (staff, _) = await app.StaffSignedInAsync(Roles.Editor);
        var (member, _) = await app.RegisterAndSignInAsync();

        for (var hour = 0; hour < 9; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/redaktion")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/forening")).StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(1.5));
        var expired = await staff.GetAsync("/redaktion");
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/redaktion/log-ind", expired.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/forening")).StatusCode);
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Security_events_are_logged_with_name_user_and_address_and_never_a_password_or_code()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new LoggedApp();
        app.UseClock(clock);
        var (admin, _) = await app.StaffSignedInAsync(Roles.Administrator);
        var editor = await app.StaffEnrolledAsync(Roles.Editor);
        var wrongCode = "123456" == Portal.Totp(editor.Key, clock.GetUtcNow()) ? "654321" : "123456";

        var client = app.Client();
        await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", editor.Email), new("Password", "forkert-kodeord-til-loggen")]);
        await Forms.PostAsync(client, "/redaktion/log-ind", [new("Email", editor.Email), new("Password", Portal.Password)]);
        await Forms.PostAsync(client, "/redaktion/log-ind/kode", [new("Code", wrongCode)]);
        await Forms.PostAsync(admin, "/redaktion/medarbejdere", [new("role", Roles.Moderator)], $"/redaktion/medarbejdere?handler=Role&userId={editor.Id}");
        await Forms.PostAsync(editor.Client, "/redaktion/adgangskode", [new("CurrentPassword", Portal.Password), new("NewPassword", "endnu en lang adgangskode")]);

        var events = ((LoggedApp)app).Entries.Where(e => e.Category == typeof(SecurityLog).FullName).ToList();
        foreach (var name in new[] { SecurityEvent.SignInFailed, SecurityEvent.TwoFactorFailed, SecurityEvent.TwoFactorEnabled, SecurityEvent.RoleChanged, SecurityEvent.PasswordChanged })
        {
            var entry = Assert.Single(events, e => Equals(e.State.GetValueOrDefault("SecurityEvent"), name) && Equals(e.State.GetValueOrDefault("UserId"), editor.Id));
            Assert.NotNull(entry.State.GetValueOrDefault("RemoteIp"));
        }

        var everything = string.Join("\n", ((LoggedApp)app).Entries.Select(e => e.Message));
        Assert.DoesNotContain("forkert-kodeord-til-loggen", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Portal.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("endnu en lang adgangskode", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongCode, everything, StringComparison.Ordinal);
        Assert.True(await app.With(services => services.GetRequiredService<CampaignDb>().AuditEntries.AnyAsync(a => a.ItemId == editor.Id && a.Action == "Skiftede adgangskode")));
        Assert.Empty(app.Errors);
    }

    /// <summary>The portal app that also keeps every log entry from information level up, with its structured values.</summary>
    private sealed class LoggedApp : CampaignApp
    {
        public LoggedApp() => With("Abuse:MinimumFillSeconds", "0").With("Abuse:SignInPermitsPerMinute", "1000").With("Abuse:SubmitPermitsPer10Minutes", "1000");

        public ConcurrentQueue<Entry> Entries { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new Collector(Entries)).AddFilter<Collector>(null, LogLevel.Information));
        }
    }

    private sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State);

    private sealed class Collector(ConcurrentQueue<Entry> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value)));
            }
        }
    }
}
