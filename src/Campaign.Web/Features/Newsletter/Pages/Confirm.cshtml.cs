using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /nyhedsbrev/bekraeft?t=…: the link in the confirmation mail. Opening it shows what is being confirmed and a
/// button; only pressing the button confirms. Mail scanners open every link in a mail, and a scanner's visit is not
/// a person's consent. A changed or expired link gets a kind explanation and a way on.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class ConfirmModel(CampaignDb db, NewsletterLinks links, IOptions<SiteOptions> site, TimeProvider clock) : PageModel, IPageMeta
{
    public enum Outcome
    {
        /// <summary>A valid link to a pending signup: show the button.</summary>
        Ask,
        Confirmed,
        AlreadyConfirmed,
        Expired,

        /// <summary>Tampered with, or the signup no longer exists or was unsubscribed.</summary>
        Invalid,
        CrossSite,
    }

    public Outcome Result { get; private set; }
    public Subscriber? Subscriber { get; private set; }
    public string? Token { get; private set; }

    public string Title => Result switch
    {
        Outcome.Ask => "Bekræft din tilmelding",
        Outcome.Confirmed => "Tak! Du er tilmeldt",
        Outcome.AlreadyConfirmed => "Du er allerede tilmeldt",
        Outcome.Expired => "Linket er udløbet",
        Outcome.CrossSite => "Tilmeldingen blev ikke bekræftet",
        _ => "Linket virker ikke",
    };

    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public string ManagePath => $"/nyhedsbrev/dig/{Subscriber?.Token}";

    public async Task<IActionResult> OnGetAsync(string? t, CancellationToken ct)
    {
        await LoadAsync(t, ct);
        return Answer();
    }

    public async Task<IActionResult> OnPostAsync(string? t, CancellationToken ct)
    {
        Token = t;
        if (!SameOrigin.IsSameSite(Request, site.Value))
        {
            Result = Outcome.CrossSite;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        await LoadAsync(t, ct);
        if (Result == Outcome.Ask && Subscriber is { } subscriber)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            subscriber.Confirm(now);
            var waiting = await db.ConsentRecords.Where(c => c.SubscriberId == subscriber.Id && c.ConfirmedAt == null).ToListAsync(ct);
            foreach (var consent in waiting)
            {
                consent.Confirm(now);
            }

            await db.SaveChangesAsync(ct);
            Result = Outcome.Confirmed;
        }

        return Answer();
    }

    private async Task LoadAsync(string? token, CancellationToken ct)
    {
        Token = token;
        var (state, id) = links.ReadConfirmationToken(token, clock.GetUtcNow().UtcDateTime);
        Subscriber = state == LinkState.Invalid ? null : await db.Subscribers.SingleOrDefaultAsync(s => s.Id == id, ct);
        Result = (state, Subscriber?.Status) switch
        {
            (LinkState.Invalid, _) or (_, null) => Outcome.Invalid,
            (_, SubscriberStatus.Confirmed) => Outcome.AlreadyConfirmed,
            (LinkState.Expired, _) => Outcome.Expired,
            (LinkState.Valid, SubscriberStatus.Pending) => Outcome.Ask,
            _ => Outcome.Invalid,
        };
    }

    private PageResult Answer()
    {
        if (Result is Outcome.Invalid or Outcome.Expired)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
