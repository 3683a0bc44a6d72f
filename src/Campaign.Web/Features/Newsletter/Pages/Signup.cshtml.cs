using System.Diagnostics;
using Campaign.Web.Data;
using Campaign.Web.Features.Associations;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /nyhedsbrev: sign up for the newsletter; the newsletterSignup block on content pages posts here too. No cookie and
/// no antiforgery token (the form sits on cached pages): a cross-site post is refused by its Origin, bots by the
/// honeypot and fill time, floods by the rate limit, and nobody is subscribed without confirming from their mailbox.
/// The answer, and the time it takes, are the same for a new, a pending and a confirmed address.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(NewsletterSetup.SignupRateLimit)]
public sealed class SignupModel(CampaignDb db, FormGuard guard, NewsletterMails mails, IOptions<SiteOptions> site, TimeProvider clock) : PageModel, IPageMeta
{
    /// <summary>Longer than the slowest path (queueing a mail and saving) takes, so the time tells nothing.</summary>
    internal static readonly TimeSpan SameAnswerTime = TimeSpan.FromMilliseconds(500);

    [BindProperty]
    public SignupForm Form { get; set; } = new();

    public string? FormError { get; private set; }

    /// <summary>The signup was taken: the page says "check your inbox" (whatever the address's state was).</summary>
    public bool Received { get; private set; }

    public string Title => Received ? "Tjek din indbakke" : "Nyhedsbrev";
    public string? Description => "Få nyt fra Tal om ensomhed på mail: kampagnenyt, arrangementer i din kommune og ny viden om ensomhed.";
    public string? CanonicalPath => "/nyhedsbrev";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Nyhedsbrev", "/nyhedsbrev")];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!SameOrigin.IsSameSite(Request, site.Value))
        {
            FormError = SameOrigin.RefusedMessage;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        FormError = guard.Check(Request.Form);
        Form.Validate(ModelState, nameof(Form));
        if (FormError is not null || !ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var watch = Stopwatch.StartNew();
        await SignUpAsync(ct);

        // Pad to a fixed time: queueing a mail takes longer than not, and a new address differs from a known one.
        if (watch.Elapsed < SameAnswerTime)
        {
            await Task.Delay(SameAnswerTime - watch.Elapsed, ct);
        }

        Received = true;
        return Page();
    }

    private async Task SignUpAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = Form.NormalizedEmail;
        var subscriber = await db.Subscribers.SingleOrDefaultAsync(s => s.Email == email, ct);
        if (subscriber is null)
        {
            subscriber = Subscriber.SignUp(email, Form.Name, Form.ChosenInterests, Form.Municipality, now);
            db.Subscribers.Add(subscriber);
            db.ConsentRecords.Add(ConsentRecord.Given(subscriber.Id, Form.Consent, subscriber.Interests, Form.SourcePage, now));
            mails.Confirmation(subscriber, now);
        }
        else if (subscriber.Status == SubscriberStatus.Confirmed)
        {
            // Nothing the visitor typed is applied: they have not shown that the mailbox is theirs. Its owner hears of it.
            if (subscriber.MayMail(now))
            {
                mails.AlreadySubscribed(subscriber, now);
            }
        }
        else
        {
            subscriber.SignUpAgain(Form.Name, Form.ChosenInterests, Form.Municipality);
            var waiting = await db.ConsentRecords.Where(c => c.SubscriberId == subscriber.Id && c.ConfirmedAt == null)
                .OrderByDescending(c => c.ConsentedAt).FirstOrDefaultAsync(ct);
            if (waiting is null)
            {
                db.ConsentRecords.Add(ConsentRecord.Given(subscriber.Id, Form.Consent, subscriber.Interests, Form.SourcePage, now));
            }
            else
            {
                waiting.Renew(Form.Consent, subscriber.Interests, Form.SourcePage, now);
            }

            if (subscriber.MayMail(now))
            {
                mails.Confirmation(subscriber, now);
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same address posted twice at the same moment: the other request stored it and queued the mail.
            db.ChangeTracker.Clear();
        }
    }
}
