using System.Security.Cryptography;
using Campaign.Web.Data;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Web.Features.Newsletter.Bounces;

/// <summary>What one reading of the mailbox did.</summary>
public sealed record BounceRound(int Messages, int Hard, int Soft, int AlreadyCounted, int Ignored);

/// <summary>
/// Reads the bounce mailbox over IMAP every <see cref="BounceOptions.Interval"/>: each unseen message is read as a
/// delivery status notification (<see cref="DeliveryReport"/>), tied to the subscriber it is about, recorded as a
/// <see cref="Bounce"/> and applied to the subscriber, and only then flagged \Seen and moved to
/// <see cref="BounceOptions.ProcessedFolder"/>. Moved rather than deleted: an operator can still see why an address was
/// marked, and the mailbox's own retention decides how long. A crash between the database and the move leaves the
/// message unseen, so it is read again; the unique record makes that second reading count nothing.
/// </summary>
public sealed class BounceReader(
    IServiceScopeFactory scopes,
    IOptionsMonitor<BounceOptions> options,
    TimeProvider clock,
    Setup.BackgroundHealth health,
    ILogger<BounceReader> log) : Setup.BackgroundLoop(health, clock, log)
{
    /// <summary>At most this many messages a round, so one round does not hold the connection for hours after a large send.</summary>
    public const int MessagesPerRound = 200;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public override string Name => "Læsning af afviste mails";

    protected override TimeSpan FirstDelay => TimeSpan.FromSeconds(5);

    protected override async Task<TimeSpan> RunOnceAsync(CancellationToken stoppingToken)
    {
        var round = await ReadOnceAsync(stoppingToken);
        return round.Messages >= MessagesPerRound ? TimeSpan.Zero : options.CurrentValue.Interval;
    }

    /// <summary>Reads the unseen messages once; a second call waits for the first, so a message is never read by two rounds of one node at once.</summary>
    public async Task<BounceRound> ReadOnceAsync(CancellationToken ct)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await ReadAsync(options.CurrentValue, ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<BounceRound> ReadAsync(BounceOptions settings, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = 60_000 };
        // The options are validated at start: Host, UserName and Password are set whenever the reader runs.
        await client.ConnectAsync(settings.Host!, settings.EffectivePort, settings.Security switch
        {
            ImapSecurity.None => SecureSocketOptions.None,
            ImapSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.SslOnConnect,
        }, ct);
        await client.AuthenticateAsync(settings.UserName!, settings.Password!, ct);

        var folder = await FolderAsync(client, settings.Folder, create: false, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var unseen = (await folder.SearchAsync(SearchQuery.NotSeen, ct)).Take(MessagesPerRound).ToList();
        int hard = 0, soft = 0, already = 0, ignored = 0;
        IMailFolder? processed = null;
        foreach (var uid in unseen)
        {
            // GetMessage peeks (BODY.PEEK[]): the message stays unseen until it has been recorded.
            var message = await folder.GetMessageAsync(uid, ct);
            var outcome = await RecordAsync(message, settings.SoftBounceLimit, ct);
            hard += outcome.Hard;
            soft += outcome.Soft;
            already += outcome.AlreadyCounted;
            ignored += outcome.Ignored;

            processed ??= await FolderAsync(client, settings.ProcessedFolder, create: true, ct);
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, ct);
            await folder.MoveToAsync(uid, processed, ct);
        }

        await client.DisconnectAsync(quit: true, ct);
        if (unseen.Count > 0)
        {
            Log.LogInformation("Read {Messages} message(s) from the bounce mailbox: {Hard} hard and {Soft} soft bounce(s) recorded, {Already} already counted, {Ignored} not about a subscriber",
                unseen.Count, hard, soft, already, ignored);
        }

        return new BounceRound(unseen.Count, hard, soft, already, ignored);
    }

    /// <summary>Records what the message reports, one transaction per message. Messages that are no bounce, or about no subscriber, are only counted as ignored.</summary>
    internal async Task<BounceRound> RecordAsync(MimeMessage message, int softBounceLimit, CancellationToken ct)
    {
        var notices = DeliveryReport.Read(message);
        if (notices.Count == 0)
        {
            Log.LogInformation("Message {MessageId} ({Subject}) in the bounce mailbox is no delivery status notification; set aside", message.MessageId, message.Subject);
            return new BounceRound(1, 0, 0, 0, 1);
        }

        var source = message.MessageId is { Length: > 0 } id ? id : "sha256:" + Hash(message);
        var reportedAt = message.Date == DateTimeOffset.MinValue ? Now() : message.Date.UtcDateTime;
        int hard = 0, soft = 0, already = 0, ignored = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDb>();
        foreach (var notice in notices)
        {
            var (original, issueId) = await OriginalMailAsync(db, notice.OriginalMessageId, ct);
            var addresses = notice.Addresses.Concat(original is null ? [] : [Subscriber.NormalizeEmail(original)]).Distinct().ToList();
            var first = addresses[0];
            var subscriber = await db.Subscribers.Where(s => addresses.Contains(s.Email)).OrderBy(s => s.Email == first ? 0 : 1).FirstOrDefaultAsync(ct);
            if (subscriber is null)
            {
                // Bounces of mail to associations and staff, or of a subscriber erased since: nothing of ours to change.
                Log.LogInformation("Bounce {Status} in {MessageId} is about no subscriber; set aside", notice.Status, source);
                ignored++;
                continue;
            }

            if (await db.Bounces.AnyAsync(b => b.SourceMessageId == source && b.SubscriberId == subscriber.Id, ct))
            {
                already++;
                continue;
            }

            var now = Now();
            var bounce = Bounce.Record(subscriber, notice, issueId, source, reportedAt, now);
            var softSoFar = notice.Kind == BounceKind.Soft
                ? 1 + await db.Bounces.CountAsync(b => b.SubscriberId == subscriber.Id && b.Kind == BounceKind.Soft && b.RecordedAt >= (subscriber.ConfirmedAt ?? subscriber.CreatedAt), ct)
                : 0;
            bounce.ApplyTo(subscriber, softSoFar, softBounceLimit, now);
            db.Bounces.Add(bounce);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e)
            {
                db.ChangeTracker.Clear();
                if (!await db.Bounces.AnyAsync(b => b.SourceMessageId == source && b.SubscriberId == subscriber.Id, ct))
                {
                    throw;
                }

                // Another node recorded the same notification a moment ago.
                Log.LogInformation(e, "Bounce {MessageId} was recorded by another node", source);
                already++;
                continue;
            }

            if (bounce.MadeUndeliverable)
            {
                Log.LogInformation("Subscriber {SubscriberId} can no longer receive mail after a {Kind} bounce ({Status})", subscriber.Id, notice.Kind, notice.Status);
            }

            if (notice.Kind == BounceKind.Hard)
            {
                hard++;
            }
            else
            {
                soft++;
            }
        }

        return new BounceRound(1, hard, soft, already, ignored);
    }

    /// <summary>
    /// The outbox row of the mail that bounced, found by its Message-ID (<c>&lt;{row id}@{domain}&gt;</c>): its recipient, and
    /// its issue when it was a newsletter.
    /// </summary>
    private static async Task<(string? Address, Guid? IssueId)> OriginalMailAsync(CampaignDb db, string? messageId, CancellationToken ct)
    {
        var local = messageId?.Split('@')[0];
        if (local is null || !Guid.TryParse(local, out var rowId))
        {
            return (null, null);
        }

        var row = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == rowId).Select(m => new { m.ToAddress, m.IdempotencyKey }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return (null, null);
        }

        var key = row.IdempotencyKey;
        var issue = key.StartsWith(NewsletterMails.IssueKeyPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(key[NewsletterMails.IssueKeyPrefix.Length..].Split(':')[0], "N", out var issueId)
                ? issueId
                : (Guid?)null;
        return (row.ToAddress, issue);
    }

    private static async Task<IMailFolder> FolderAsync(ImapClient client, string name, bool create, CancellationToken ct)
    {
        if (string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return client.Inbox ?? throw new InvalidOperationException("The IMAP server shows no INBOX.");
        }

        try
        {
            return await client.GetFolderAsync(name, ct);
        }
        catch (FolderNotFoundException) when (create)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, ct) ?? throw new InvalidOperationException($"The IMAP server did not create the folder {name}.");
        }
    }

    private static string Hash(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private DateTime Now() => Clock.GetUtcNow().UtcDateTime;
}
