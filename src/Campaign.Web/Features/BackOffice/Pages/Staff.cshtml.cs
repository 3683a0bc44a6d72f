using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>
/// /redaktion/medarbejdere: administrators invite staff, change their role, close or reopen their access, and
/// remove them. Closing access (a disabled account) survives a password reset, unlike a lockout; every change
/// ends the person's sessions within a minute (the security stamp changes).
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy, Roles = Roles.Administrator)]
public sealed class StaffModel(CampaignDb db, UserManager<CampaignUser> users, Outbox outbox, IOptions<SiteOptions> site, SecurityLog log, TimeProvider clock) : PageModel, IPageMeta
{
    public sealed record Member(CampaignUser User, string Role, bool Locked);

    public IReadOnlyList<Member> Staff { get; private set; } = [];
    [BindProperty] public string InviteName { get; set; } = "";
    [BindProperty] public string InviteEmail { get; set; } = "";
    [BindProperty] public string InviteRole { get; set; } = Roles.Editor;
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }
    public string? Error { get; private set; }

    public string Title => "Medarbejdere";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Medarbejdere", "/redaktion/medarbejdere")];

    private string Me => User.Identity!.Name!;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var email = InviteEmail?.Trim() ?? "";
        if (string.IsNullOrWhiteSpace(InviteName) || !System.Net.Mail.MailAddress.TryCreate(email, out _) || email.Length > 256 || !Roles.Staff.Contains(InviteRole))
        {
            return await Invalid("Skriv navn, en gyldig e-mailadresse og vælg en rolle.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return await Invalid("Der findes allerede en bruger med den e-mailadresse.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var person = new CampaignUser { Id = Guid.CreateVersion7(now), UserName = email, Email = email, DisplayName = InviteName.Trim(), CreatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(person);
        if (!created.Succeeded)
        {
            return await Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(person, InviteRole);
        var link = await PasswordResetTokens.InvitationLinkAsync(users, site.Value.BaseFor(Request), person);
        outbox.Enqueue(new OutgoingMail($"medarbejder-invitation:{person.Id}", email, person.DisplayName, "Du er inviteret til redaktionen på Tal om ensomhed",
            MailTemplate.Render($"Hej {person.DisplayName}",
                [$"{User.FindFirst("name")?.Value ?? "En administrator"} har givet dig adgang til redaktionen som {InviteRole.ToLowerInvariant()}.",
                 "Vælg en adgangskode via knappen. Når du logger ind første gang, sætter du to-trins-login op med en app på telefonen."],
                ("Vælg adgangskode", link),
                "Linket virker i to dage.")));
        db.Record(Me, $"Inviterede medarbejder som {InviteRole}", "Bruger", person.Id, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        outbox.Signal();
        Message = $"Vi har sendt en invitation til {email}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid userId, string? role, CancellationToken ct)
    {
        if (await StaffMemberAsync(userId) is not { } person || role is null || !Roles.Staff.Contains(role))
        {
            return NotFound();
        }

        if (person.Email == Me)
        {
            return await Invalid("Du kan ikke ændre din egen rolle. Bed en anden administrator om det.");
        }

        // Identity refuses the whole removal if any one role is missing, so remove only those the person has.
        var current = await users.GetRolesAsync(person);
        await users.RemoveFromRolesAsync(person, current.Where(r => r != role && Roles.Staff.Contains(r)));
        if (!await users.IsInRoleAsync(person, role))
        {
            await users.AddToRoleAsync(person, role);
        }

        log.Changed(SecurityEvent.RoleChanged, person, Me, $"Gav rollen {role}");
        await users.UpdateSecurityStampAsync(person);
        Message = $"{person.DisplayName} er nu {role.ToLowerInvariant()}.";
        return RedirectToPage();
    }

    /// <summary>Closes a staff member's access (or reopens it). A password reset does not reopen it.</summary>
    public async Task<IActionResult> OnPostDisableAsync(Guid userId, CancellationToken ct)
    {
        if (await StaffMemberAsync(userId) is not { } person)
        {
            return NotFound();
        }

        if (person.Email == Me)
        {
            return await Invalid("Du kan ikke lukke din egen adgang. Bed en anden administrator om det.");
        }

        var wasDisabled = person.IsDisabled;
        if (wasDisabled)
        {
            person.Enable();
            log.Changed(SecurityEvent.AccountEnabled, person, Me, "Åbnede adgang");
        }
        else
        {
            person.Disable(Me, clock.GetUtcNow().UtcDateTime);
            log.Changed(SecurityEvent.AccountDisabled, person, Me, "Lukkede adgang");
        }

        // A new stamp ends every session of the person at its next check (within a minute); saved with the state.
        await users.UpdateSecurityStampAsync(person);
        Message = wasDisabled ? $"{person.DisplayName} kan logge ind igen." : $"{person.DisplayName} kan ikke længere logge ind og er logget ud.";
        return RedirectToPage();
    }

    /// <summary>Removes a staff member for good; the audit log keeps what they did, under their address.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid userId, CancellationToken ct)
    {
        if (await StaffMemberAsync(userId) is not { } person)
        {
            return NotFound();
        }

        if (person.Email == Me)
        {
            return await Invalid("Du kan ikke fjerne dig selv. Bed en anden administrator om det.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        log.Changed(SecurityEvent.AccountRemoved, person, Me, "Fjernede medarbejder", person.Email);
        await db.SaveChangesAsync(ct);
        var deleted = await users.DeleteAsync(person);
        if (!deleted.Succeeded)
        {
            return await Invalid(string.Join(" ", deleted.Errors.Select(e => e.Description)));
        }

        await tx.CommitAsync(ct);
        Message = $"{person.DisplayName} er fjernet og kan ikke længere logge ind.";
        return RedirectToPage();
    }

    private async Task<CampaignUser?> StaffMemberAsync(Guid id) =>
        await users.FindByIdAsync(id.ToString()) is { } person && (await users.GetRolesAsync(person)).Any(Roles.Staff.Contains) ? person : null;

    private async Task<IActionResult> Invalid(string message)
    {
        Error = message;
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        var members = new Dictionary<Guid, Member>();
        foreach (var role in Roles.Staff)
        {
            foreach (var person in await users.GetUsersInRoleAsync(role))
            {
                members.TryAdd(person.Id, new Member(person, role, await users.IsLockedOutAsync(person)));
            }
        }

        Staff = members.Values.OrderBy(m => m.User.DisplayName, StringComparer.Create(Danish.Culture, true)).ToList();
    }
}
