using Campaign.Tests.Infrastructure;
using Campaign.Web.Data;
using Campaign.Web.Features.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Mail;

/// <summary>
/// The real app with a clock the test can move forward (to reach a retry an hour away without waiting) and
/// settings the test can change while it runs (to point Smtp:Port somewhere else), polling the outbox often.
/// </summary>
public class MailApp : CampaignApp
{
    public MailApp()
    {
        Live.Set("Smtp:Host", "127.0.0.1");
        Live.Set("Mail:PollInterval", "00:00:00.100");
    }

    public ShiftedClock Clock { get; } = new();
    public LiveSettings Live { get; } = new();

    /// <summary>Sends to the sink from now on (also when the app is already running).</summary>
    public MailApp SendingTo(int smtpPort)
    {
        Live.Set("Smtp:Port", smtpPort.ToString());
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, config) => config.Add(Live));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Queues mail the way a feature does: enqueue, then the feature's own SaveChanges.</summary>
    public Task<Guid[]> EnqueueAsync(params OutgoingMail[] mails) => With(async services =>
    {
        var outbox = services.GetRequiredService<Outbox>();
        var ids = mails.Select(m => outbox.Enqueue(m).Id).ToArray();
        await services.GetRequiredService<CampaignDb>().SaveChangesAsync();
        return ids;
    });

    public Task<OutboxMessage?> FindAsync(Guid id) => With(services =>
        services.GetRequiredService<CampaignDb>().OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id));

    public Task<List<OutboxMessage>> FindAsync(IEnumerable<Guid> ids)
    {
        var list = ids.ToList();
        return With(services => services.GetRequiredService<CampaignDb>().OutboxMessages.AsNoTracking().Where(m => list.Contains(m.Id)).ToListAsync());
    }

    /// <summary>Polls until the condition holds on the outbox rows, and returns them.</summary>
    public async Task<List<OutboxMessage>> WaitForRowsAsync(IReadOnlyCollection<Guid> ids, Func<OutboxMessage, bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rows = await FindAsync(ids);
            if (rows.Count == ids.Count && rows.All(condition))
            {
                return rows;
            }

            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Waited 20 s for {what}; rows: " + string.Join("; ", rows.Select(r => $"{r.Status} attempts={r.Attempts} error={r.LastError}")));
            }

            await Task.Delay(50);
        }
    }

    public static OutgoingMail Mail(string to, string? subject = null, string? key = null) => new(
        key ?? $"test:{Guid.NewGuid():N}",
        to,
        "Søren Ærø",
        subject ?? "Velkommen i fællesskabet – tak fordi du skrev dig op",
        MailTemplate.Render(
            "Bekræft din e-mailadresse",
            ["Kære Søren", "Tak fordi du vil høre fra os. Tryk på knappen for at bekræfte, at det er din adresse – så får du nyt om arrangementer nær dig."],
            ("Bekræft min adresse", "https://talomensomhed.dk/nyhedsbrev/bekraeft?t=Zm9vYmFy"),
            "Du får denne mail, fordi nogen skrev din adresse på talomensomhed.dk. Var det ikke dig, kan du se bort fra den."));
}

/// <summary>The real clock plus an offset that only grows; timers still run in real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>Configuration the test can change while the app runs; options monitors see each change.</summary>
public sealed class LiveSettings : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public new void Set(string key, string? value)
    {
        Data[key] = value;
        OnReload();
    }
}
