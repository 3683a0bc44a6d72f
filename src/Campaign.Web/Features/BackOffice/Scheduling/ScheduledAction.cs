using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice.Scheduling;

public enum ScheduledKind
{
    Publish,
    Unpublish,
}

public enum ScheduledStatus
{
    /// <summary>Not yet due, or claimed and being carried out.</summary>
    Waiting,
    Done,

    /// <summary>Could not be done; <see cref="ScheduledAction.Failure"/> says why, in Danish, for the editors.</summary>
    Failed,
}

/// <summary>
/// "Publish this page at 20:45 on Monday" (when the TV spot airs). Stored, so it happens even if the app restarts
/// in between; done once, by whichever node claims it first.
/// </summary>
public sealed class ScheduledAction
{
    private ScheduledAction()
    {
    }

    public Guid Id { get; private set; }
    public Guid NodeId { get; private set; }
    public ScheduledKind Kind { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    /// <summary>When a node claimed it (with a conditional update, so only one node carries it out).</summary>
    public DateTime? DoneAt { get; private set; }

    public ScheduledStatus Status { get; private set; }

    /// <summary>Why it could not be done (e.g. an empty required field), shown to editors on the dashboard and the page.</summary>
    public string? Failure { get; private set; }

    public DateTime? FailedAt { get; private set; }

    /// <summary>An editor has seen the failure and taken it off the dashboard; the page still shows it.</summary>
    public DateTime? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }

    public static ScheduledAction For(Guid nodeId, ScheduledKind kind, DateTime atUtc, string by, DateTime now)
    {
        if (atUtc <= now)
        {
            throw new Campaign.Web.Content.ContentRuleException("Vælg et tidspunkt, der ligger efter nu.");
        }

        return new ScheduledAction { Id = Guid.CreateVersion7(now), NodeId = nodeId, Kind = kind, AtUtc = atUtc, CreatedBy = by, CreatedAt = now };
    }

    public void Complete() => Status = ScheduledStatus.Done;

    public void Fail(string reason, DateTime now)
    {
        Status = ScheduledStatus.Failed;
        Failure = reason.Length > 500 ? reason[..499] + "…" : reason;
        FailedAt = now;
    }

    public void Acknowledge(string by, DateTime now)
    {
        if (Status != ScheduledStatus.Failed)
        {
            throw new Campaign.Web.Content.ContentRuleException("Kun en mislykket planlagt handling kan fjernes fra listen.");
        }

        AcknowledgedAt ??= now;
        AcknowledgedBy ??= by;
    }
}

internal sealed class ScheduledActionConfiguration : IEntityTypeConfiguration<ScheduledAction>
{
    public void Configure(EntityTypeBuilder<ScheduledAction> action)
    {
        action.ToTable("ScheduledActions");
        action.HasKey(a => a.Id);
        action.Property(a => a.Id).ValueGeneratedNever();
        action.Property(a => a.CreatedBy).HasMaxLength(256);
        action.Property(a => a.Failure).HasMaxLength(500);
        action.Property(a => a.AcknowledgedBy).HasMaxLength(256);
        action.HasIndex(a => new { a.Status, a.AcknowledgedAt });
        action.HasIndex(a => new { a.DoneAt, a.AtUtc });
        action.HasIndex(a => a.NodeId);
    }
}
