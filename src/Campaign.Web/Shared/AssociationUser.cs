using System.Security.Claims;
using Campaign.Web.Setup;

namespace Campaign.Web.Shared;

public static class AssociationUser
{
    /// <summary>The association of the signed-in member (the policy guarantees the claim).</summary>
    public static Guid AssociationId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirst(AuthSetup.AssociationClaim)!.Value);
}
