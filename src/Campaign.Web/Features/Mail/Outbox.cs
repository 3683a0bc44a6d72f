using System.Net.Mail;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Mail;

/// <summary>
/// Where features put mail they want sent. A mail is a row in the same database, so it is committed
/// together with the change that caused it (a signup, a registration) or not at all; <see cref="OutboxWorker"/>
/// sends it afterwards, retrying while the mail server is away.
/// </summary>
public sealed class Outbox(CampaignDb db, OutboxSignal signal, TimeProvider clock)
{
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Bcc", "Cc", "Content-Disposition", "Content-ID", "Content-Transfer-Encoding", "Content-Type", "Date", "From",
        "Importance", "Message-ID", "MIME-Version", "Priority", "Reply-To", "Sender", "Subject", "To", "X-Priority",
    };

    private readonly Dictionary<string, OutboxMessage> _queued = new(StringComparer.Ordinal);
    private bool _signalsOnSave;

    /// <summary>
    /// Adds the mail to the <see cref="CampaignDb"/> change tracker <b>without saving</b>. The caller's own
    /// <c>SaveChangesAsync</c> (or the commit of the caller's transaction) stores the mail in the same
    /// transaction as the caller's change: if that change is rolled back, the mail is never sent; once it is
    /// committed, the mail is not lost even if the mail server is down. Tell the user "we sent you a mail"
    /// only after that save.
    /// </summary>
    /// <remarks>
    /// The outbox holds each <see cref="OutgoingMail.IdempotencyKey"/> once: enqueuing a key again in the same
    /// unit of work returns the message already added; a key that an earlier transaction already committed makes
    /// the save fail with a <see cref="DbUpdateException"/> (check first with <see cref="IsQueuedAsync"/> where a
    /// repeat is expected). After a plain <c>SaveChangesAsync</c> the worker is woken at once; after committing an
    /// explicit transaction, call <see cref="Signal"/>, or the mail waits for the next poll (a couple of seconds).
    /// </remarks>
    /// <exception cref="ArgumentException">The mail is malformed (an invalid address, a line break in the subject ...):
    /// a mistake in the calling code, refused here rather than failing at the mail server later.</exception>
    public OutboxMessage Enqueue(OutgoingMail mail)
    {
        // Names and subjects carry what people typed (an invitee's name, an event title); stored data from before the
        // forms refused control characters must still give a mail, so they are made one clean line instead of refused.
        ArgumentNullException.ThrowIfNull(mail);
        mail = mail with { ToName = mail.ToName is null ? null : PlainText.SingleLine(mail.ToName), Subject = PlainText.SingleLine(mail.Subject) };
        EnsureValid(mail);
        if (_queued.TryGetValue(mail.IdempotencyKey, out var queued))
        {
            return queued;
        }

        var message = OutboxMessage.Create(mail, clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        _queued[mail.IdempotencyKey] = message;
        if (!_signalsOnSave)
        {
            // Inside an explicit transaction this fires before the commit; the worker then finds nothing yet
            // and the caller's Signal() after the commit (or the next poll) picks the mail up.
            db.SavedChanges += (_, e) =>
            {
                if (e.EntitiesSavedCount > 0)
                {
                    signal.Set();
                }
            };
            _signalsOnSave = true;
        }

        return message;
    }

    /// <summary>Whether a mail with this key was ever queued (whatever became of it).</summary>
    public Task<bool> IsQueuedAsync(string idempotencyKey, CancellationToken ct) =>
        db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == idempotencyKey, ct);

    /// <summary>Wakes this node's worker now instead of at its next poll; call it after committing a transaction that queued mail.</summary>
    public void Signal() => signal.Set();

    private static void EnsureValid(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        Require(!string.IsNullOrWhiteSpace(mail.IdempotencyKey) && mail.IdempotencyKey.Length <= 200,
            "IdempotencyKey must be 1-200 characters.");
        Require(mail.ToAddress.Length <= 320 && MailAddress.TryCreate(mail.ToAddress, out var address) && address.Address == mail.ToAddress,
            $"ToAddress '{mail.ToAddress}' is not a plain email address.");
        Require(mail.ToName is null || (mail.ToName.Length <= 200 && !HasLineBreak(mail.ToName)),
            "ToName must be at most 200 characters on one line.");
        Require(!string.IsNullOrWhiteSpace(mail.Subject) && mail.Subject.Length <= 400 && !HasLineBreak(mail.Subject),
            "Subject must be 1-400 characters on one line.");
        Require(!string.IsNullOrWhiteSpace(mail.Body.Text) && !string.IsNullOrWhiteSpace(mail.Body.Html),
            "A mail needs both a text and an HTML body.");
        foreach (var (name, value) in mail.Headers ?? new Dictionary<string, string>())
        {
            Require(name.Length is > 0 and <= 76 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'),
                $"Header name '{name}' is not a valid header name.");
            Require(!ReservedHeaders.Contains(name), $"Header '{name}' is set by the mail sender, not by the caller.");
            Require(!HasLineBreak(value), $"Header '{name}' must not contain a line break.");
        }
    }

    private static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "mail");
        }
    }
}

/// <summary>Wakes the local <see cref="OutboxWorker"/> early; other nodes find the mail at their next poll.</summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _signal = NewSignal();

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Returns when <see cref="Set"/> was called (also before this call, since the last wake) or the timeout passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        var signal = Volatile.Read(ref _signal);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            await Task.WhenAny(signal.Task, Task.Delay(timeout, clock, stop.Token));
            await stop.CancelAsync();
        }

        ct.ThrowIfCancellationRequested();
        if (signal.Task.IsCompleted)
        {
            // A Set() between the wake and this swap is covered by the poll that follows now.
            Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
