using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Partnerships;

public enum JoinRequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// An association asks to join its own municipality's local partnership; an editor approves or rejects.
/// An approved association is listed among the partnership's members.
/// </summary>
public sealed class PartnershipJoinRequest
{
    public const int MessageMaxLength = 1000;

    private PartnershipJoinRequest()
    {
    }

    public Guid Id { get; private set; }
    public Guid AssociationId { get; private set; }

    /// <summary>The key of the partnership's content node.</summary>
    public Guid PartnershipKey { get; private set; }

    public int MunicipalityCode { get; private set; }
    public string? Message { get; private set; }
    public JoinRequestStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The member of the association who asked.</summary>
    public string RequestedBy { get; private set; } = "";

    public DateTime? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? RejectionReason { get; private set; }

    /// <summary>Raised by every decision, so two editors deciding at once cannot both win.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// A new request. The caller has checked that the partnership belongs to the association's municipality;
    /// the rule is repeated here so no other path can break it.
    /// </summary>
    public static PartnershipJoinRequest Ask(Guid id, Guid associationId, int associationMunicipality, Guid partnershipKey, int partnershipMunicipality,
        string? message, string requestedBy, DateTime now)
    {
        if (associationMunicipality != partnershipMunicipality)
        {
            throw new JoinRequestException("I kan kun bede om at blive medlem af partnerskabet i jeres egen kommune.");
        }

        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (text is { Length: > MessageMaxLength })
        {
            throw new JoinRequestException($"Beskeden må højst være {MessageMaxLength} tegn (nu {text.Length}).");
        }

        return new PartnershipJoinRequest
        {
            Id = id,
            AssociationId = associationId,
            PartnershipKey = partnershipKey,
            MunicipalityCode = partnershipMunicipality,
            Message = text,
            Status = JoinRequestStatus.Pending,
            CreatedAt = now,
            RequestedBy = requestedBy,
        };
    }

    public void Approve(string editor, DateTime now) => Decide(JoinRequestStatus.Approved, editor, null, now);

    public void Reject(string editor, string? reason, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new JoinRequestException("Skriv en begrundelse, som foreningen kan forstå, når du afviser.");
        }

        Decide(JoinRequestStatus.Rejected, editor, reason.Trim(), now);
    }

    private void Decide(JoinRequestStatus status, string editor, string? reason, DateTime now)
    {
        if (Status != JoinRequestStatus.Pending)
        {
            throw new JoinRequestException("Anmodningen er allerede behandlet.");
        }

        Status = status;
        DecidedBy = editor;
        DecidedAt = now;
        RejectionReason = reason is { Length: > 1000 } ? reason[..1000] : reason;
        Version++;
    }
}

public sealed class JoinRequestException(string message) : Exception(message);

internal sealed class PartnershipJoinRequestConfiguration : IEntityTypeConfiguration<PartnershipJoinRequest>
{
    public void Configure(EntityTypeBuilder<PartnershipJoinRequest> request)
    {
        request.ToTable("PartnershipJoinRequests");
        request.HasKey(r => r.Id);
        request.Property(r => r.Id).ValueGeneratedNever();
        request.Property(r => r.Message).HasMaxLength(PartnershipJoinRequest.MessageMaxLength);
        request.Property(r => r.RequestedBy).HasMaxLength(256);
        request.Property(r => r.DecidedBy).HasMaxLength(256);
        request.Property(r => r.RejectionReason).HasMaxLength(1000);
        request.Property(r => r.Version).IsConcurrencyToken();
        request.HasIndex(r => new { r.PartnershipKey, r.Status });
        request.HasIndex(r => new { r.AssociationId, r.Status });
        request.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
