using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Moderation;

/// <summary>
/// Every morning at 08:00 (Copenhagen) each staff member gets one mail listing what waits for moderation, if anything
/// does. Every node wakes then; the day's run is claimed in <see cref="JobRuns"/> in the transaction that queues the
/// mails, so one node queues them, and the outbox's idempotency key (one per person and day) guards each mail as well.
/// </summary>
public sealed class ModerationDigest(IServiceScopeFactory scopes, TimeProvider clock, BackgroundHealth health, ILogger<ModerationDigest> log)
    : BackgroundLoop(health, clock, log)
{
    private static readonly TimeOnly SendAt = new(8, 0);

    /// <summary>The morning whose digest is queued when the wait ends; kept over a failed round, so a retry queues that day's.</summary>
    private DateTime? _due;

    public override string Name => "Morgenmail om moderation";

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        if (_due is { } due)
        {
            await using var scope = scopes.CreateAsyncScope();
            await SendAsync(scope.ServiceProvider, DateOnly.FromDateTime(CopenhagenTime.ToLocal(due)), stoppingToken);
        }

        var now = Clock.GetUtcNow().UtcDateTime;
        var today = CopenhagenTime.Today(Clock);
        var next = CopenhagenTime.ToUtc(today, SendAt)!.Value;
        if (next <= now)
        {
            next = CopenhagenTime.ToUtc(today.AddDays(1), SendAt)!.Value;
        }

        _due = next;
        return next - now;
    }

    /// <summary>Queues the digest for the day; returns how many staff were written to.</summary>
    public static async Task<int> SendAsync(IServiceProvider services, DateOnly day, CancellationToken ct)
    {
        var db = services.GetRequiredService<CampaignDb>();
        var events = await db.Events.CountAsync(e => e.Status == EventStatus.Pending, ct);
        var changes = await db.Events.CountAsync(e => e.Status == EventStatus.Published && e.PendingDetails != null, ct);
        var associations = await db.Associations.CountAsync(a => a.Status == AssociationStatus.Pending, ct);
        var joinRequests = await db.PartnershipJoinRequests.CountAsync(r => r.Status == Partnerships.JoinRequestStatus.Pending, ct);
        if (events + changes + associations + joinRequests == 0)
        {
            return 0;
        }

        var users = services.GetRequiredService<UserManager<CampaignUser>>();
        var outbox = services.GetRequiredService<Outbox>();
        var baseUrl = services.GetRequiredService<IOptions<SiteOptions>>().Value.BaseFor(request: null);
        var staff = new Dictionary<Guid, CampaignUser>();
        foreach (var role in Roles.Staff)
        {
            foreach (var user in await users.GetUsersInRoleAsync(role))
            {
                staff.TryAdd(user.Id, user);
            }
        }

        var lines = new List<string>();
        if (events > 0)
        {
            lines.Add($"{events} {(events == 1 ? "arrangement venter" : "arrangementer venter")} på godkendelse.");
        }

        if (changes > 0)
        {
            lines.Add($"{changes} {(changes == 1 ? "ændring" : "ændringer")} til offentliggjorte arrangementer venter.");
        }

        if (associations > 0)
        {
            lines.Add($"{associations} {(associations == 1 ? "ny forening venter" : "nye foreninger venter")} på at blive godkendt.");
        }

        if (joinRequests > 0)
        {
            lines.Add($"{joinRequests} {(joinRequests == 1 ? "forening vil" : "foreninger vil")} gerne være medlem af et lokalt partnerskab.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await JobRuns.ClaimAsync(db, "moderation-digest", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct))
        {
            // Another node queued this day's digest.
            return 0;
        }

        var queued = 0;
        foreach (var person in staff.Values.Where(u => u.EmailConfirmed))
        {
            var key = $"moderation-digest:{day:yyyy-MM-dd}:{person.Id}";
            if (await outbox.IsQueuedAsync(key, ct))
            {
                continue;
            }

            outbox.Enqueue(new OutgoingMail(key, person.Email!, person.DisplayName, "Det venter på moderation i dag",
                MailTemplate.Render($"Godmorgen {person.DisplayName}", lines, ("Gå til moderation", $"{baseUrl}/redaktion/moderation"),
                    "Du får denne mail hver morgen, når der er noget at se på.")));
            queued++;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Signal();
        return queued;
    }
}
