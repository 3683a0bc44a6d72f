using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Associations;

public enum AssociationType
{
    Forening,
    Frivilligcenter,
    Kommune,
    Virksomhed,
    Andet,
}

public enum AssociationStatus
{
    /// <summary>Registered; an editor has not looked at it yet, so its events wait for review.</summary>
    Pending,
    Approved,
    Rejected,
}

/// <summary>A local association, volunteer centre, municipality or business that posts its own events.</summary>
public sealed class Association
{
    private Association()
    {
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public AssociationType Type { get; private set; }
    public int MunicipalityCode { get; private set; }
    public string? Cvr { get; private set; }
    public string? Website { get; private set; }
    public string ContactName { get; private set; } = "";
    public AssociationStatus Status { get; private set; }

    /// <summary>Trusted associations publish their events without review.</summary>
    public bool IsTrusted { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? ReviewedBy { get; private set; }
    public string? RejectionReason { get; private set; }

    public static Association Register(Guid id, string name, AssociationType type, int municipalityCode, string? cvr, string? website, string contactName, DateTime now)
    {
        if (cvr is not null && !CvrNumber.IsValid(cvr))
        {
            throw new ArgumentException("CVR-nummeret er ikke gyldigt.", nameof(cvr));
        }

        return new Association
        {
            Id = id,
            Name = name.Trim(),
            Type = type,
            MunicipalityCode = municipalityCode,
            Cvr = cvr is null ? null : CvrNumber.Normalize(cvr),
            Website = string.IsNullOrWhiteSpace(website) ? null : website.Trim(),
            ContactName = contactName.Trim(),
            Status = AssociationStatus.Pending,
            CreatedAt = now,
        };
    }

    public void Approve(string editor, DateTime now, bool trusted = false)
    {
        Status = AssociationStatus.Approved;
        IsTrusted = trusted;
        ReviewedAt = now;
        ReviewedBy = editor;
        RejectionReason = null;
    }

    public void Reject(string editor, string reason, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Skriv en begrundelse, som foreningen kan forstå.", nameof(reason));
        }

        Status = AssociationStatus.Rejected;
        IsTrusted = false;
        ReviewedAt = now;
        ReviewedBy = editor;
        RejectionReason = reason.Trim();
    }

    /// <summary>Whether a submitted event may go live without an editor looking at it first.</summary>
    public bool PublishesDirectly => Status == AssociationStatus.Approved && IsTrusted;

    public Events.OrganiserStanding Standing => Status switch
    {
        AssociationStatus.Rejected => Events.OrganiserStanding.Rejected,
        AssociationStatus.Approved when IsTrusted => Events.OrganiserStanding.Trusted,
        _ => Events.OrganiserStanding.NeedsReview,
    };

    /// <summary>When the current 24-hour window of member invitations began; null before the first.</summary>
    public DateTime? InvitationWindowStart { get; private set; }

    /// <summary>Invitations sent in that window.</summary>
    public int InvitationsInWindow { get; private set; }

    /// <summary>
    /// Counts one member invitation, or refuses it when the association already sent <paramref name="perDay"/> in the
    /// last 24 hours: an invitation mails any address with a name the inviter chose, so it must not be a free mailer.
    /// </summary>
    public bool TryCountInvitation(DateTime now, int perDay)
    {
        if (InvitationWindowStart is not { } start || now - start >= TimeSpan.FromDays(1))
        {
            InvitationWindowStart = now;
            InvitationsInWindow = 0;
        }

        if (InvitationsInWindow >= perDay)
        {
            return false;
        }

        InvitationsInWindow++;
        return true;
    }
}

/// <summary>The Danish CVR number: eight digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11.</summary>
public static class CvrNumber
{
    private static readonly int[] Weights = [2, 7, 6, 5, 4, 3, 2, 1];

    public static string Normalize(string value) => new(value.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());

    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var digits = Normalize(value);
        if (digits.Length != 8 || !digits.All(char.IsAsciiDigit) || digits[0] == '0')
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return sum % 11 == 0;
    }
}

internal sealed class AssociationConfiguration : IEntityTypeConfiguration<Association>
{
    public void Configure(EntityTypeBuilder<Association> association)
    {
        association.ToTable("Associations");
        association.HasKey(a => a.Id);
        association.Property(a => a.Id).ValueGeneratedNever();
        association.Property(a => a.Name).HasMaxLength(160);
        association.Property(a => a.Cvr).HasMaxLength(8);
        association.Property(a => a.Website).HasMaxLength(300);
        association.Property(a => a.ContactName).HasMaxLength(120);
        association.Property(a => a.ReviewedBy).HasMaxLength(256);
        association.Property(a => a.RejectionReason).HasMaxLength(1000);
        association.Ignore(a => a.PublishesDirectly);
        association.HasIndex(a => a.Status);
    }
}
