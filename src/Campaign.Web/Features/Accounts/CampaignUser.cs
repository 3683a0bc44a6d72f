using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Accounts;

/// <summary>Anyone who signs in: a member of an association, or staff at Social- og Boligstyrelsen.</summary>
public sealed class CampaignUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The association the person is a member of; null for staff.</summary>
    public Guid? AssociationId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// When the account was closed, by whom. Unlike a lockout, which a password reset lifts, only the enable action
    /// undoes it: a disabled person cannot sign in, gets no reset mail, and their sessions end.
    /// </summary>
    public DateTime? DisabledAt { get; private set; }

    public string? DisabledBy { get; private set; }

    public bool IsDisabled => DisabledAt is not null;

    /// <summary>The RFC 6238 time step of the last authenticator code accepted, so a code seen once cannot be used again.</summary>
    public long? LastTotpTimeStep { get; set; }

    public void Disable(string by, DateTime at)
    {
        DisabledAt ??= at;
        DisabledBy ??= by.Length > 256 ? by[..256] : by;
    }

    public void Enable() => (DisabledAt, DisabledBy) = (null, null);
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Editor = "Redaktør";
    public const string Moderator = "Moderator";

    public static readonly IReadOnlyList<string> Staff = [Administrator, Editor, Moderator];
}
