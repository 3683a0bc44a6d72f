using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Associations;

/// <summary>
/// The mails of an association's account, queued in the outbox so they are committed with the change that
/// caused them. Call <see cref="SaveAsync"/> (or, after committing an explicit transaction, <see cref="Sent"/>)
/// so the worker sends at once.
/// </summary>
/// <remarks>
/// Mails that a stranger can trigger again and again (a reset, a new confirmation link, "you already have a
/// profile") go out at most once per interval per account. Their outbox key names the interval, so a repeat
/// within it finds its key already queued and queues nothing: the visitor gets the same answer either way, and
/// the mailbox is not flooded.
/// </remarks>
public sealed class AccountMails(CampaignDb db, UserManager<CampaignUser> users, Outbox outbox, IOptions<SiteOptions> site, IHttpContextAccessor http, TimeProvider clock)
{
    public static readonly TimeSpan ResetInterval = TimeSpan.FromMinutes(15);
    public const int ResetsPerDay = 3;
    public static readonly TimeSpan ConfirmationInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan AlreadyRegisteredInterval = TimeSpan.FromHours(1);

    private readonly List<string> _throttledKeys = [];

    private string BaseUrl => site.Value.BaseFor(http.HttpContext?.Request);

    /// <summary>Queues the link that confirms the address; returns false when one was queued within the last few minutes.</summary>
    public async Task<bool> ConfirmEmailAsync(CampaignUser user, Association? association, CancellationToken ct)
    {
        if (await KeyUnlessRecentAsync("bekraeft-email", user, ConfirmationInterval, int.MaxValue, ct) is not { } key)
        {
            return false;
        }

        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = $"{BaseUrl}/forening/bekraeft?bruger={user.Id}&kode={Uri.EscapeDataString(code)}";
        var welcome = association is null ? "Du har bedt om et nyt link til at bekræfte din e-mailadresse." : $"Tak, fordi I har oprettet {association.Name} på Tal om ensomhed.";
        outbox.Enqueue(new OutgoingMail(
            key, user.Email!, user.DisplayName, "Bekræft din e-mailadresse",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                [welcome, "Klik på knappen for at bekræfte din e-mailadresse. Linket virker i to dage."],
                ("Bekræft e-mailadresse", link),
                "Har du ikke oprettet en profil, kan du se bort fra denne mail.")));
        return true;
    }

    /// <summary>Someone tried to register an address that already has an account: tell its owner (at most hourly), tell the visitor nothing.</summary>
    public async Task AlreadyRegisteredAsync(CampaignUser user, CancellationToken ct)
    {
        if (await KeyUnlessRecentAsync("allerede-oprettet", user, AlreadyRegisteredInterval, int.MaxValue, ct) is not { } key)
        {
            return;
        }

        outbox.Enqueue(new OutgoingMail(
            key, user.Email!, user.DisplayName, "Du har allerede en profil",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                ["Nogen – måske dig – har forsøgt at oprette en ny forening med din e-mailadresse. Du har allerede en profil, så der er ikke oprettet noget nyt.",
                 "Har du glemt din adgangskode, kan du logge ind og vælge at nulstille den."],
                ("Log ind", $"{BaseUrl}/forening/log-ind"),
                "Var det ikke dig, kan du se bort fra denne mail.")));
    }

    /// <summary>Queues a reset link, at most one per <see cref="ResetInterval"/> and <see cref="ResetsPerDay"/> a day; never to a disabled account.</summary>
    public async Task ResetPasswordAsync(CampaignUser user, CancellationToken ct)
    {
        if (user.IsDisabled || await KeyUnlessRecentAsync("nulstil", user, ResetInterval, ResetsPerDay, ct) is not { } key)
        {
            return;
        }

        var code = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Enqueue(new OutgoingMail(
            key, user.Email!, user.DisplayName, "Nulstil din adgangskode",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                [$"Du har bedt om at nulstille din adgangskode til Tal om ensomhed. Klik på knappen, og vælg en ny. Linket virker i {PasswordResetTokens.LifespanText}."],
                ("Vælg ny adgangskode", $"{BaseUrl}/forening/ny-adgangskode?bruger={user.Id}&kode={Uri.EscapeDataString(code)}"),
                "Har du ikke bedt om det, kan du se bort fra mailen. Din adgangskode er ikke ændret.")));
    }

    /// <summary>The link an invited person sets a first password with; valid as long as a confirmation link.</summary>
    public Task<string> InvitationLinkAsync(CampaignUser invited) => PasswordResetTokens.InvitationLinkAsync(users, BaseUrl, invited);

    public async Task InviteAsync(CampaignUser invited, Association association, string invitedBy, CancellationToken ct)
    {
        var link = await InvitationLinkAsync(invited);
        outbox.Enqueue(new OutgoingMail(
            $"invitation:{invited.Id}",
            invited.Email!, invited.DisplayName, $"Du er inviteret til {association.Name}",
            MailTemplate.Render(
                $"Hej {invited.DisplayName}",
                [$"{invitedBy} har inviteret dig til at lægge arrangementer i kalenderen for {association.Name} på Tal om ensomhed.",
                 "Klik på knappen for at vælge en adgangskode. Linket virker i to dage."],
                ("Tag imod invitationen", link),
                "Kender du ikke foreningen, kan du se bort fra mailen.")));
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Saves the unit of work with its mails and wakes the worker. Two requests for the same account can both pass
    /// the check in <see cref="KeyUnlessRecentAsync"/> before either saves; the outbox's unique key then refuses the
    /// second, which is the intended outcome (one mail), so that one failure is not an error for the visitor.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (_throttledKeys.Count > 0)
        {
            db.ChangeTracker.Clear();
            var keys = _throttledKeys.ToList();
            if (!await db.OutboxMessages.AnyAsync(m => keys.Contains(m.IdempotencyKey), ct))
            {
                throw;
            }
        }

        outbox.Signal();
    }

    /// <summary>Wakes the worker after committing an explicit transaction that queued mail.</summary>
    public void Sent() => outbox.Signal();

    /// <summary>
    /// The outbox key for this kind of mail to this account in the current interval, or null when such a mail was
    /// queued within the interval or the day's allowance is used.
    /// </summary>
    private async Task<string?> KeyUnlessRecentAsync(string kind, CampaignUser user, TimeSpan interval, int perDay, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var prefix = $"{kind}:{user.Id}:";
        var since = now - (interval > TimeSpan.FromDays(1) ? interval : TimeSpan.FromDays(1));
        var recent = await db.OutboxMessages.Where(m => m.IdempotencyKey.StartsWith(prefix) && m.CreatedAt > since).Select(m => m.CreatedAt).ToListAsync(ct);
        if (recent.Any(at => at > now - interval) || recent.Count >= perDay)
        {
            return null;
        }

        var key = $"{prefix}{now.Ticks / interval.Ticks}";
        if (await outbox.IsQueuedAsync(key, ct))
        {
            return null;
        }

        _throttledKeys.Add(key);
        return key;
    }
}
