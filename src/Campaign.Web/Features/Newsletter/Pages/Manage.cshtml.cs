using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /nyhedsbrev/dig/{token}: the subscriber's own page, reached by the link in every mail (no account, no cookie).
/// Change interests, municipality and name; see the consent record; unsubscribe. Never cached: it shows one person's data.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ManageModel(CampaignDb db, IOptions<SiteOptions> site, TimeProvider clock) : PageModel, IPageMeta
{
    public const string SourcePage = "/nyhedsbrev/dig";

    public sealed class Input
    {
        public string? Name { get; set; }
        public List<string> Interests { get; set; } = [];
        public string? MunicipalityCode { get; set; }
    }

    [BindProperty]
    public Input Form { get; set; } = new();

    public Subscriber? Subscriber { get; private set; }
    public IReadOnlyList<ConsentRecord> Consents { get; private set; } = [];
    public string Token { get; private set; } = "";
    public string? FormError { get; private set; }
    public bool Saved { get; private set; }

    public string Title => Subscriber is null ? "Vi kan ikke finde tilmeldingen" : "Din tilmelding til nyhedsbrevet";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public bool CanChange => Subscriber?.Status is SubscriberStatus.Confirmed or SubscriberStatus.Pending;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return Missing();
        }

        Form = new Input
        {
            Name = Subscriber!.Name,
            Interests = [.. Interests.Values(Subscriber.Interests)],
            MunicipalityCode = Subscriber.MunicipalityCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!await LoadAsync(token, ct))
        {
            return Missing();
        }

        if (!SameOrigin.IsSameSite(Request, site.Value))
        {
            FormError = SameOrigin.RefusedMessage;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        var interests = Interests.Parse(Form.Interests);
        SignupForm.ValidateChoices(ModelState, nameof(Form), Form.Name, interests, Form.MunicipalityCode);
        if (!CanChange)
        {
            FormError = "Du er afmeldt nyhedsbrevet, så der er ikke noget at ændre. Vil du have det igen, så tilmeld dig på ny.";
        }

        if (FormError is not null || !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var subscriber = Subscriber!;
        var before = subscriber.Interests;
        var now = clock.GetUtcNow().UtcDateTime;
        subscriber.Change(Form.Name, interests, SignupForm.ParseMunicipality(Form.MunicipalityCode));

        // Other topics are another consent: recorded with the current wording, confirmed by coming through the link in the mail.
        if (subscriber.Status == SubscriberStatus.Confirmed && subscriber.Interests != before)
        {
            db.ConsentRecords.Add(ConsentRecord.GivenConfirmed(subscriber.Id, ConsentTexts.Current, subscriber.Interests, SourcePage, now));
        }
        else if (subscriber.Status == SubscriberStatus.Pending)
        {
            // Still waiting for confirmation: the waiting consent is what the link in the mail will confirm.
            var waiting = await db.ConsentRecords.Where(c => c.SubscriberId == subscriber.Id && c.ConfirmedAt == null)
                .OrderByDescending(c => c.ConsentedAt).FirstOrDefaultAsync(ct);
            waiting?.Renew(ConsentTexts.Current, subscriber.Interests, waiting.SourcePage, waiting.ConsentedAt);
        }

        await db.SaveChangesAsync(ct);
        Saved = true;
        await LoadAsync(token, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken ct)
    {
        Token = token;
        Subscriber = token.Length is > 0 and <= 64 ? await db.Subscribers.SingleOrDefaultAsync(s => s.Token == token, ct) : null;
        if (Subscriber is null)
        {
            return false;
        }

        Consents = await db.ConsentRecords.AsNoTracking().Where(c => c.SubscriberId == Subscriber.Id).OrderByDescending(c => c.ConsentedAt).ToListAsync(ct);
        return true;
    }

    private PageResult Missing()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
