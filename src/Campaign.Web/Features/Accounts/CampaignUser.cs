using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Accounts;

/// <summary>Anyone who signs in: a member of an association, or staff at Social- og Boligstyrelsen.</summary>
public sealed class CampaignUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The association the person is a member of; null for staff.</summary>
    public Guid? AssociationId { get; set; }

    public DateTime CreatedAt { get; set; }
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Editor = "Redaktør";
    public const string Moderator = "Moderator";

    public static readonly IReadOnlyList<string> Staff = [Administrator, Editor, Moderator];
}
