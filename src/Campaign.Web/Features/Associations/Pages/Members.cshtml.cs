using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Associations.Pages;

/// <summary>
/// /forening/medlemmer: who can post for the association; invite more, close or reopen someone's access (a state a
/// password reset does not lift), remove someone, or leave.
/// </summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.SubmitRateLimit)]
public sealed class MembersModel(CampaignDb db, UserManager<CampaignUser> users, SignInManager<CampaignUser> signIn, AccountMails mails, SecurityLog log, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AbuseOptions> abuse) : PageModel, IPageMeta
{
    public Association Association { get; private set; } = null!;
    public IReadOnlyList<CampaignUser> Members { get; private set; } = [];
    [BindProperty] public string InviteName { get; set; } = "";
    [BindProperty] public string InviteEmail { get; set; } = "";
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }
    public string? Error { get; private set; }

    public string Title => "Medlemmer";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new("Medlemmer", "/forening/medlemmer")];

    private Guid Me => Guid.Parse(users.GetUserId(User)!);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var email = InviteEmail?.Trim() ?? "";
        if (PlainText.HasControlCharacters(InviteName) || PlainText.HasControlCharacters(InviteEmail))
        {
            return Invalid("Navn og e-mailadresse skal stå på én linje og må ikke indeholde usynlige styretegn. Skriv dem igen.");
        }

        if (string.IsNullOrWhiteSpace(InviteName) || InviteName.Length > 120 || !System.Net.Mail.MailAddress.TryCreate(email, out _) || email.Length > 256)
        {
            return Invalid("Skriv navnet og en gyldig e-mailadresse på den, du vil invitere.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return Invalid("Den e-mailadresse har allerede en profil. Bed personen om at kontakte os, hvis de skal flyttes til jeres forening.");
        }

        var perDay = abuse.Value.InvitationsPerDay;
        var counted = await db.Associations.SingleAsync(a => a.Id == Association.Id, ct);
        if (!counted.TryCountInvitation(clock.GetUtcNow().UtcDateTime, perDay))
        {
            return Invalid($"I har sendt {perDay} invitationer det seneste døgn, som er det højeste antal. Prøv igen i morgen, eller skriv til os, hvis I har brug for at invitere flere.");
        }

        var invited = new CampaignUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = InviteName.Trim(),
            AssociationId = Association.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(invited);
        if (!created.Succeeded)
        {
            return Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await mails.InviteAsync(invited, Association, User.FindFirst("name")?.Value ?? "En kollega", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        mails.Sent();
        Message = $"Vi har sendt en invitation til {email}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid memberId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var member = Members.SingleOrDefault(m => m.Id == memberId);
        if (member is null)
        {
            return NotFound();
        }

        if (Members.Count == 1)
        {
            return Invalid("Foreningen skal have mindst ét medlem. Skriv til os, hvis foreningen skal lukkes.");
        }

        log.Changed(SecurityEvent.AccountRemoved, member, User.Identity!.Name!, member.Id == Me ? "Forlod foreningen" : "Fjernede medlem", member.Email);
        await db.SaveChangesAsync(ct);
        await users.DeleteAsync(member);
        if (member.Id == Me)
        {
            await signIn.SignOutAsync();
            return Redirect("/");
        }

        Message = $"{member.DisplayName} er fjernet fra foreningen.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid memberId, CancellationToken ct)
    {
        await LoadAsync(ct);
        var member = Members.SingleOrDefault(m => m.Id == memberId);
        if (member is null)
        {
            return NotFound();
        }

        if (member.Id == Me)
        {
            return Invalid("Du kan ikke lukke din egen adgang. Vil du ud af foreningen, så vælg \"Forlad foreningen\".");
        }

        var wasDisabled = member.IsDisabled;
        if (wasDisabled)
        {
            member.Enable();
            log.Changed(SecurityEvent.AccountEnabled, member, User.Identity!.Name!, "Åbnede adgang");
        }
        else
        {
            member.Disable(User.Identity!.Name!, clock.GetUtcNow().UtcDateTime);
            log.Changed(SecurityEvent.AccountDisabled, member, User.Identity!.Name!, "Lukkede adgang");
        }

        // A new stamp ends the member's sessions within a minute; saved with the state and the audit entry.
        await users.UpdateSecurityStampAsync(member);
        Message = wasDisabled ? $"{member.DisplayName} kan logge ind igen." : $"{member.DisplayName} kan ikke længere logge ind.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var id = User.AssociationId();
        Association = await db.Associations.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        Members = await db.Users.Where(u => u.AssociationId == id).OrderBy(u => u.DisplayName).ToListAsync(ct);
    }

    private PageResult Invalid(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
