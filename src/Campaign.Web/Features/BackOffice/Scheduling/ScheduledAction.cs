using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice.Scheduling;

public enum ScheduledKind
{
    Publish,
    Unpublish,
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
    public DateTime? DoneAt { get; private set; }

    /// <summary>Why it could not be done (e.g. no draft to publish), shown to editors.</summary>
    public string? Failure { get; private set; }

    public static ScheduledAction For(Guid nodeId, ScheduledKind kind, DateTime atUtc, string by, DateTime now)
    {
        if (atUtc <= now)
        {
            throw new Campaign.Web.Content.ContentRuleException("Vælg et tidspunkt, der ligger efter nu.");
        }

        return new ScheduledAction { Id = Guid.CreateVersion7(now), NodeId = nodeId, Kind = kind, AtUtc = atUtc, CreatedBy = by, CreatedAt = now };
    }

    public void Fail(string reason) => Failure = reason.Length > 500 ? reason[..500] : reason;
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
        action.HasIndex(a => new { a.DoneAt, a.AtUtc });
        action.HasIndex(a => a.NodeId);
    }
}
