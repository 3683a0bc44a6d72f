using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Mail;

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Given up: refused for good by the server, or still failing after <see cref="OutboxMessage.MaxAttempts"/> attempts.</summary>
    Failed = 2,
}

/// <summary>Which mail goes first when more is due than can be sent at once: the lower value.</summary>
public enum MailPriority
{
    /// <summary>Someone is waiting for it: a confirmation, a password reset, a receipt, a notice to staff.</summary>
    Transactional = 0,

    /// <summary>Mail nobody waits for by the second (newsletter issues); it never holds up transactional mail.</summary>
    Bulk = 1,
}

/// <summary>
/// One mail waiting to go out, written in the same transaction as the change that caused it. Its rules
/// (when to try again, when to give up) live here; <see cref="OutboxWorker"/> calls them.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 10;
    public const int LastErrorMaxLength = 1000;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    private OutboxMessage()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Names the logical mail ("konto-bekraeft:{userId}"), unique, so the same mail is never queued twice.</summary>
    public string IdempotencyKey { get; private set; } = "";

    public string ToAddress { get; private set; } = "";
    public string? ToName { get; private set; }
    public string Subject { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";

    /// <summary>Extra headers (such as List-Unsubscribe) as a JSON object of name to value; null when there are none.</summary>
    public string? Headers { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>The worker claims due mail by priority first, then by due time.</summary>
    public MailPriority Priority { get; private set; }

    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }

    /// <summary>Not sent before this time; pushed back after each failed attempt.</summary>
    public DateTime NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }
    public DateTime? SentAt { get; private set; }

    /// <summary>
    /// The claim of the node sending it right now. A node claims only rows whose lease is empty or has
    /// expired, so two nodes never send the same row. The lease is short and renewed by its node while the
    /// mail is in hand; a node that died (even by SIGKILL) stops renewing, the lease runs out within
    /// Mail:LeaseDuration, and another node (or the same one after its restart) sends the mail.
    /// </summary>
    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }

    public static OutboxMessage Create(OutgoingMail mail, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        IdempotencyKey = mail.IdempotencyKey,
        ToAddress = mail.ToAddress,
        ToName = string.IsNullOrWhiteSpace(mail.ToName) ? null : mail.ToName,
        Subject = mail.Subject,
        TextBody = mail.Body.Text,
        HtmlBody = mail.Body.Html,
        Headers = mail.Headers is { Count: > 0 } headers ? JsonSerializer.Serialize(headers) : null,
        CreatedAt = now,
        Priority = mail.Priority,
        Status = OutboxStatus.Pending,
        NextAttemptAt = now,
    };

    public IReadOnlyDictionary<string, string> ReadHeaders() =>
        Headers is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(Headers) ?? [];

    /// <summary>The same Message-ID on every attempt, so a receiver can recognise a mail it already has.</summary>
    public string MessageId(string domain) => $"<{Id:N}@{domain}>";

    /// <summary>The server accepted the mail.</summary>
    public void MarkSent(DateTime now)
    {
        EnsurePending();
        Attempts++;
        Status = OutboxStatus.Sent;
        SentAt = now;
        LastError = null;
        ReleaseLease();
        ForgetContent();
    }

    /// <summary>
    /// An attempt failed. A permanent refusal, or the last allowed attempt, ends in <see cref="OutboxStatus.Failed"/>;
    /// otherwise the next attempt waits 1, 2, 4 ... minutes, at most an hour.
    /// </summary>
    /// <returns>True when the mail was given up.</returns>
    public bool MarkFailed(string error, bool permanent, DateTime now)
    {
        EnsurePending();
        Attempts++;
        LastError = error.Length <= LastErrorMaxLength ? error : error[..(LastErrorMaxLength - 1)] + "…";
        ReleaseLease();
        if (permanent || Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Failed;
            ForgetContent();
            return true;
        }

        NextAttemptAt = now + RetryDelay(Attempts);
        return false;
    }

    /// <summary>How long to wait after the given number of failed attempts.</summary>
    public static TimeSpan RetryDelay(int failedAttempts)
    {
        // Past 2^6 minutes the cap applies anyway; stopping the doubling there keeps the shift from overflowing.
        var doublings = Math.Clamp(failedAttempts - 1, 0, 6);
        var delay = FirstRetryDelay * (1 << doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>
    /// Once a mail is done with, its bodies and extra headers go: they hold live reset, invitation and
    /// unsubscribe links, and a copy kept in the database is one more place to steal them from. What reports
    /// need stays: recipient, subject, kind (the idempotency key), timestamps, attempts and status.
    /// </summary>
    private void ForgetContent()
    {
        TextBody = "";
        HtmlBody = "";
        Headers = null;
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void EnsurePending()
    {
        if (Status != OutboxStatus.Pending)
        {
            throw new InvalidOperationException($"Outbox message {Id} is {Status}; only a pending message can be attempted.");
        }
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("OutboxMessages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.IdempotencyKey).HasMaxLength(200);
        message.HasIndex(m => m.IdempotencyKey).IsUnique();
        message.Property(m => m.ToAddress).HasMaxLength(320);
        message.Property(m => m.ToName).HasMaxLength(200);
        message.Property(m => m.Subject).HasMaxLength(400);
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);
        message.Property(m => m.LeaseOwner).HasMaxLength(64);

        // Saving a result checks that this node still holds the lease; if it expired and another node
        // claimed the row meanwhile, the save is refused instead of overwriting that node's work.
        message.Property(m => m.LeaseOwner).IsConcurrencyToken();

        // What the worker looks for: pending rows that are due, transactional before bulk, oldest first.
        message.HasIndex(m => new { m.Status, m.Priority, m.NextAttemptAt });

        // Renewing and giving back a node's leases finds its rows by owner.
        message.HasIndex(m => m.LeaseOwner);

        // The newsletter's cleanup and a subscriber's erasure find mail by address (schema version 6).
        message.HasIndex(m => m.ToAddress);
    }
}
