using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Newsletter.Bounces;

/// <summary>
/// A delivery status notification about one subscriber, as read from the bounce mailbox: when, which address, the
/// status code and the receiving server's words, hard or soft, and the issue it was about when the returned headers
/// name one of our mails. One notification counts once: (<see cref="SourceMessageId"/>, subscriber) is unique, so
/// reading the same message again (after a crash before it was moved, or on a second node) changes nothing.
/// Deleted with the subscriber.
/// </summary>
public sealed class Bounce
{
    public const int StatusMaxLength = 16;
    public const int ActionMaxLength = 20;
    public const int SourceMessageIdMaxLength = 300;

    private Bounce()
    {
    }

    public Guid Id { get; private set; }
    public Guid SubscriberId { get; private set; }

    /// <summary>The newsletter issue the bounced mail belonged to; null for other mail or when the report did not say.</summary>
    public Guid? IssueId { get; private set; }

    public string Address { get; private set; } = "";
    public BounceKind Kind { get; private set; }

    /// <summary>The enhanced status code (RFC 3463), such as 5.1.1 (no such mailbox) or 4.2.2 (mailbox full).</summary>
    public string Status { get; private set; } = "";

    public string? Action { get; private set; }

    /// <summary>What the receiving server said, on one line.</summary>
    public string? Diagnostic { get; private set; }

    /// <summary>The Message-ID of the notification itself (or a hash of it when it has none).</summary>
    public string SourceMessageId { get; private set; } = "";

    /// <summary>When the notification was written (its Date header).</summary>
    public DateTime ReportedAt { get; private set; }

    public DateTime RecordedAt { get; private set; }

    /// <summary>This bounce is the one that made the address undeliverable.</summary>
    public bool MadeUndeliverable { get; private set; }

    public static Bounce Record(Subscriber subscriber, BounceNotice notice, Guid? issueId, string sourceMessageId, DateTime reportedAt, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriberId = subscriber.Id,
        IssueId = issueId,
        Address = subscriber.Email,
        Kind = notice.Kind,
        Status = notice.Status,
        Action = notice.Action is { Length: <= ActionMaxLength } action ? action : null,
        Diagnostic = notice.Diagnostic,
        SourceMessageId = sourceMessageId.Length <= SourceMessageIdMaxLength ? sourceMessageId : sourceMessageId[..SourceMessageIdMaxLength],
        ReportedAt = reportedAt,
        RecordedAt = now,
    };

    /// <summary>Applies the bounce to its subscriber (see <see cref="Subscriber.Bounced"/>) and remembers whether it ended the deliveries.</summary>
    public void ApplyTo(Subscriber subscriber, int softBouncesSinceConfirmed, int softBounceLimit, DateTime now) =>
        MadeUndeliverable = subscriber.Bounced(Kind, softBouncesSinceConfirmed, softBounceLimit, now);
}

internal sealed class BounceConfiguration : IEntityTypeConfiguration<Bounce>
{
    public void Configure(EntityTypeBuilder<Bounce> bounce)
    {
        bounce.ToTable("Bounces");
        bounce.HasKey(b => b.Id);
        bounce.Property(b => b.Id).ValueGeneratedNever();
        bounce.Property(b => b.Address).HasMaxLength(Subscriber.EmailMaxLength);
        bounce.Property(b => b.Status).HasMaxLength(Bounce.StatusMaxLength);
        bounce.Property(b => b.Action).HasMaxLength(Bounce.ActionMaxLength);
        bounce.Property(b => b.Diagnostic).HasMaxLength(DeliveryReport.DiagnosticMaxLength);
        bounce.Property(b => b.SourceMessageId).HasMaxLength(Bounce.SourceMessageIdMaxLength);

        // One notification counts once per subscriber, however often it is read.
        bounce.HasIndex(b => new { b.SourceMessageId, b.SubscriberId }).IsUnique();

        // The issue report counts an issue's bounces.
        bounce.HasIndex(b => b.IssueId);
        bounce.HasOne<Subscriber>().WithMany().HasForeignKey(b => b.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}
