using System.Security.Claims;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;

namespace Campaign.Web.Features.BackOffice.Shell;

/// <summary>The back office's sections, as the bar under the top bar shows them; a page belongs to the first whose paths start its own.</summary>
public static class BackOfficeSections
{
    public sealed record Section(string Name, string Url, string[] Paths, Func<ClaimsPrincipal, bool> Visible);

    public static readonly IReadOnlyList<Section> All =
    [
        new("Indhold", "/redaktion/indhold", ["/redaktion/indhold"], _ => true),
        new("Arrangementer", "/redaktion/arrangementer", ["/redaktion/arrangementer"], u => u.IsPublisher()),
        new("Medier", "/redaktion/medier", ["/redaktion/medier"], _ => true),
        new("Nyhedsbrev", "/redaktion/nyhedsbrev", ["/redaktion/nyhedsbrev"], _ => true),
        new("Moderation", "/redaktion/moderation", ["/redaktion/moderation"], _ => true),
        new("Indstillinger", "/redaktion/vaerktoejer", ["/redaktion/vaerktoejer", "/redaktion/synonymer", "/redaktion/log", "/redaktion/medarbejdere", "/redaktion/adgangskode"], _ => true),
    ];

    /// <summary>The settings section's own pages, listed on its left.</summary>
    public static IEnumerable<(string Name, string Url)> Settings(ClaimsPrincipal user)
    {
        yield return ("Værktøjer", "/redaktion/vaerktoejer");
        yield return ("Synonymer i søgningen", "/redaktion/synonymer");
        yield return ("Log", "/redaktion/log");
        if (user.IsInRole(Roles.Administrator))
        {
            yield return ("Medarbejdere", "/redaktion/medarbejdere");
        }

        yield return ("Skift adgangskode", "/redaktion/adgangskode");
    }

    public static Section? Of(PathString path) =>
        All.FirstOrDefault(s => s.Paths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Signed in as staff with two factors: the only person who sees the shell's sections, tree and search.</summary>
    public static bool IsStaff(this ClaimsPrincipal user) => user.HasClaim("amr", "mfa") && Roles.Staff.Any(user.IsInRole);
}
