using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Features.Associations.Pages;
using Campaign.Web.Features.Places;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Partnerships.Pages;

/// <summary>
/// /forening/partnerskab: a signed-in association asks to join the local partnership of its own municipality;
/// an editor decides in the moderation queue. Any other municipality's partnership is refused.
/// </summary>
[Authorize(Policy = AuthSetup.AssociationPolicy)]
[EnableRateLimiting(AuthSetup.SubmitRateLimit)]
public sealed class JoinModel(CampaignDb db, PublishedContentCache content, TimeProvider clock) : PageModel, IPageMeta
{
    public Association Association { get; private set; } = null!;
    public Municipality? Municipality { get; private set; }
    public PartnershipEntry? Partnership { get; private set; }
    public IReadOnlyList<PartnershipJoinRequest> Requests { get; private set; } = [];

    [BindProperty(Name = "partnerskab")] public Guid? PartnershipKey { get; set; }
    [BindProperty(Name = "besked"), System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] public string? Message { get; set; }

    public string? Error { get; private set; }
    [TempData(Key = StatusMessage.Key)] public string? Done { get; set; }

    public string Title => "Lokalt partnerskab";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("For foreninger", "/forening"), new(Title, "/forening/partnerskab")];

    /// <summary>The request that is waiting or was approved; while there is one, the association cannot ask again.</summary>
    public PartnershipJoinRequest? Open => Requests.FirstOrDefault(r => r.Status != JoinRequestStatus.Rejected);

    public PartnershipJoinRequest? LastRejected => Requests.FirstOrDefault(r => r.Status == JoinRequestStatus.Rejected);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        var target = PartnershipKey is { } key ? PartnershipPages.All(content.Current).FirstOrDefault(e => e.Page.Id == key) : null;
        if (target is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "Vi kan ikke finde det partnerskab, I bad om at blive medlem af.");
        }

        if (target.Municipality.Code != Association.MunicipalityCode)
        {
            return Refuse(StatusCodes.Status400BadRequest,
                $"I kan kun bede om at blive medlem af partnerskabet i jeres egen kommune, {Municipality?.Name ?? "den kommune, I er registreret i"}. Partnerskabet i {target.Municipality.Name} er for foreninger i {target.Municipality.Name} Kommune.");
        }

        if (Association.Status == AssociationStatus.Rejected)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Jeres forening er ikke godkendt på Tal om ensomhed, så I kan ikke blive medlem af et partnerskab.");
        }

        if (PlainText.Check(Message, multiLine: true) is { } control)
        {
            return Refuse(StatusCodes.Status400BadRequest, control);
        }

        if (Open is { } open)
        {
            Done = open.Status == JoinRequestStatus.Approved ? "I er allerede medlem af partnerskabet." : "I har allerede bedt om at blive medlem. En redaktør ser på det snart.";
            return RedirectToPage();
        }

        PartnershipJoinRequest request;
        try
        {
            request = PartnershipJoinRequest.Ask(Guid.CreateVersion7(), Association.Id, Association.MunicipalityCode, target.Page.Id, target.Municipality.Code,
                Message, User.Identity?.Name ?? "", clock.GetUtcNow().UtcDateTime);
        }
        catch (JoinRequestException e)
        {
            return Refuse(StatusCodes.Status400BadRequest, e.Message);
        }

        db.PartnershipJoinRequests.Add(request);
        await db.SaveChangesAsync(ct);
        Done = $"Tak! I har bedt om at blive medlem af {target.Page.Title}. En redaktør ser anmodningen igennem, og I får en mail, når den er besluttet.";
        return RedirectToPage();
    }

    private PageResult Refuse(int status, string message)
    {
        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var id = User.AssociationId();
        if (await db.Associations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is not { } association)
        {
            return false;
        }

        Association = association;
        Municipality = Places.Geography.Denmark.Municipality(association.MunicipalityCode);
        Partnership = PartnershipPages.ForMunicipality(content.Current, association.MunicipalityCode);
        if (Partnership is { } partnership)
        {
            var requests = await db.PartnershipJoinRequests.AsNoTracking()
                .Where(r => r.AssociationId == id && r.PartnershipKey == partnership.Page.Id)
                .ToListAsync(ct);
            Requests = requests.OrderByDescending(r => r.CreatedAt).ToList();
        }

        return true;
    }
}
