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
/// /forening/opret: an association registers with its first member, who confirms the e-mail address by a link.
/// An address that already has an account gets the same answer, in about the same time, as a new one; its owner
/// is told by mail.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.AuthRateLimit)]
public sealed class RegisterModel(CampaignDb db, UserManager<CampaignUser> users, FormGuard guard, AccountMails mails, TimeProvider clock) : PageModel, IPageMeta
{
    public sealed class Input
    {
        public string Name { get; set; } = "";
        public AssociationType Type { get; set; } = AssociationType.Forening;
        public int? MunicipalityCode { get; set; }
        public string? Cvr { get; set; }
        public string? Website { get; set; }
        public string ContactName { get; set; } = "";
        public string Email { get; set; } = "";
        public string Password { get; set; } = "";
        public bool AcceptTerms { get; set; }
    }

    [BindProperty]
    public Input Form { get; set; } = new();

    public string? FormError { get; private set; }

    // Creating an account hashes a password and writes several rows; the answer for an existing address is padded to
    // at least this, so the time taken does not tell the two apart.
    private static readonly TimeSpan SameAnswerTime = TimeSpan.FromMilliseconds(600);

    public string Title => "Opret jeres forening";
    public string? Description => "Foreninger, frivilligcentre og kommuner kan oprette en profil og lægge deres egne arrangementer i kalenderen.";
    public string? CanonicalPath => "/forening/opret";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new("Opret forening", "/forening/opret")];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        FormError = guard.Check(Request.Form);
        Validate();
        var email = Form.Email.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var candidate = new CampaignUser { UserName = email, Email = email, DisplayName = Form.ContactName.Trim() };

        // The password rules are checked before looking the address up, so a weak password is refused alike for
        // new and existing addresses.
        if (ModelState.IsValid)
        {
            foreach (var validator in users.PasswordValidators)
            {
                var checkedPassword = await validator.ValidateAsync(users, candidate, Form.Password);
                foreach (var error in checkedPassword.Errors)
                {
                    ModelState.AddModelError("Form.Password", error.Description);
                }
            }
        }

        if (FormError is not null || !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // Say the same as for a new address, and tell the owner by mail: no one learns who has an account.
            users.PasswordHasher.HashPassword(candidate, Form.Password);
            await mails.AlreadyRegisteredAsync(existing, ct);
            await mails.SaveAsync(ct);
            if (watch.Elapsed < SameAnswerTime)
            {
                await Task.Delay(SameAnswerTime - watch.Elapsed, ct);
            }

            return RedirectToPage("/Features/Associations/Pages/CheckMail");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var association = Association.Register(Guid.CreateVersion7(now), Form.Name, Form.Type, Form.MunicipalityCode!.Value,
            string.IsNullOrWhiteSpace(Form.Cvr) ? null : Form.Cvr, Form.Website, Form.ContactName, now);
        db.Associations.Add(association);
        var user = new CampaignUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            DisplayName = Form.ContactName.Trim(),
            AssociationId = association.Id,
            CreatedAt = now,
        };
        var created = await users.CreateAsync(user, Form.Password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Form.Password" : "Form.Email", error.Description);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await mails.ConfirmEmailAsync(user, association, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        mails.Sent();
        if (watch.Elapsed < SameAnswerTime)
        {
            await Task.Delay(SameAnswerTime - watch.Elapsed, ct);
        }

        return RedirectToPage("/Features/Associations/Pages/CheckMail");
    }

    private void Validate()
    {
        // An empty field binds as null.
        (Form.Name, Form.ContactName, Form.Email, Form.Password) = (Form.Name ?? "", Form.ContactName ?? "", Form.Email ?? "", Form.Password ?? "");

        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                ModelState.AddModelError($"Form.{field}", message);
            }
        }

        Require(!string.IsNullOrWhiteSpace(Form.Name) && Form.Name.Length <= 160, nameof(Input.Name), "Skriv foreningens navn (højst 160 tegn).");
        Require(Enum.IsDefined(Form.Type), nameof(Input.Type), "Vælg hvilken slags organisation I er.");
        Require(Form.MunicipalityCode is { } m && Places.Geography.Denmark.Municipality(m) is not null, nameof(Input.MunicipalityCode), "Vælg jeres hjemkommune.");
        Require(string.IsNullOrWhiteSpace(Form.Cvr) || CvrNumber.IsValid(Form.Cvr), nameof(Input.Cvr), "CVR-nummeret er ikke gyldigt. Det har 8 cifre – tjek at du har skrevet det rigtigt.");
        Require(string.IsNullOrWhiteSpace(Form.Website) || (Uri.TryCreate(Form.Website.Trim(), UriKind.Absolute, out var site) && site.Scheme is "https" or "http"),
            nameof(Input.Website), "Hjemmesiden skal være en adresse, der starter med https://.");
        Require(!string.IsNullOrWhiteSpace(Form.ContactName) && Form.ContactName.Length <= 120, nameof(Input.ContactName), "Skriv navnet på kontaktpersonen.");
        Require(System.Net.Mail.MailAddress.TryCreate(Form.Email?.Trim(), out _) && Form.Email!.Length <= 256, nameof(Input.Email), "Skriv en gyldig e-mailadresse, fx navn@forening.dk.");
        Require(Form.Password.Length >= 12, nameof(Input.Password), "Adgangskoden skal være mindst 12 tegn. Brug fx tre-fire tilfældige ord efter hinanden.");
        Require(Form.AcceptTerms, nameof(Input.AcceptTerms), "Bekræft, at I har læst, hvordan vi behandler jeres oplysninger.");
    }
}
