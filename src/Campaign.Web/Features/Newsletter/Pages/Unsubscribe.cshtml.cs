using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /nyhedsbrev/afmeld/{token}: the List-Unsubscribe address. GET shows a button (link scanners open links and must not
/// unsubscribe anyone); POST unsubscribes: the button, and RFC 8058 one-click from mail clients, which post
/// "List-Unsubscribe=One-Click" without cookies, antiforgery token or Origin. The secret token is the authority.
/// A POST always answers 200, also when the address is already gone, since a mail client may send it twice.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class UnsubscribeModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public enum Outcome
    {
        Ask,
        Unsubscribed,

        /// <summary>A signup never confirmed: it is deleted rather than kept as unsubscribed.</summary>
        Cancelled,
        NotFound,
    }

    public Outcome Result { get; private set; }
    public Subscriber? Subscriber { get; private set; }
    public string Token { get; private set; } = "";

    public string Title => Result switch
    {
        Outcome.Ask => "Afmeld nyhedsbrevet",
        Outcome.Unsubscribed => "Du er afmeldt",
        Outcome.Cancelled => "Din tilmelding er annulleret",
        _ => "Vi kan ikke finde tilmeldingen",
    };

    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Token = token;
        Subscriber = await FindAsync(token, ct);
        Result = Subscriber switch
        {
            null => Outcome.NotFound,
            { Status: SubscriberStatus.Unsubscribed } => Outcome.Unsubscribed,
            _ => Outcome.Ask,
        };
        if (Result == Outcome.NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Token = token;
        Subscriber = await FindAsync(token, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (Subscriber)
        {
            case null:
                // Already deleted (or never there): the wish is fulfilled either way.
                Result = Outcome.Unsubscribed;
                break;
            case { Status: SubscriberStatus.Pending }:
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await SubscriberData.DeleteAsync(db, [Subscriber.Id], everyMail: false, ct);
                    await tx.CommitAsync(ct);
                }

                Result = Outcome.Cancelled;
                break;
            default:
                if (Subscriber.Unsubscribe(now))
                {
                    await SubscriberData.WithdrawQueuedIssuesAsync(db, Subscriber.Email, ct);
                    await db.SaveChangesAsync(ct);
                }

                Result = Outcome.Unsubscribed;
                break;
        }

        return Page();
    }

    private async Task<Subscriber?> FindAsync(string token, CancellationToken ct) =>
        token.Length is > 0 and <= 64 ? await db.Subscribers.SingleOrDefaultAsync(s => s.Token == token, ct) : null;
}
