using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// "This editor has the page open": one row per page and person, refreshed by a heartbeat while the editor is open.
/// Not a lock: it only tells a second editor who else is there, so they can talk before both save; the revision check
/// still refuses the second save.
/// </summary>
public sealed class EditingPresence
{
    /// <summary>A person counts as present this long after their last heartbeat (three beats of 20 seconds, with room).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(75);

    private EditingPresence()
    {
    }

    public Guid NodeId { get; private set; }
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public DateTime SeenAt { get; private set; }

    public static EditingPresence Start(Guid nodeId, string userName, string displayName, DateTime now) =>
        new() { NodeId = nodeId, UserName = userName, DisplayName = displayName, SeenAt = now };

    public void Beat(string displayName, DateTime now) => (DisplayName, SeenAt) = (displayName, now);

    /// <summary>The notice a person sees about the others who have the page open, or null when they are alone.</summary>
    public static string? Notice(IReadOnlyList<string> others) => others.Count switch
    {
        0 => null,
        1 => $"{others[0]} redigerer også denne side lige nu. Tal sammen, før I gemmer, så ingen af jer mister ændringer.",
        _ => $"{string.Join(", ", others.SkipLast(1))} og {others[^1]} redigerer også denne side lige nu. Tal sammen, før I gemmer, så ingen af jer mister ændringer.",
    };
}

internal sealed class EditingPresenceConfiguration : IEntityTypeConfiguration<EditingPresence>
{
    public void Configure(EntityTypeBuilder<EditingPresence> presence)
    {
        presence.ToTable("EditingPresence");
        presence.HasKey(p => new { p.NodeId, p.UserName });
        presence.Property(p => p.UserName).HasMaxLength(256);
        presence.Property(p => p.DisplayName).HasMaxLength(200);
    }
}
