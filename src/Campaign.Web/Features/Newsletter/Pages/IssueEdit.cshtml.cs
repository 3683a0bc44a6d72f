using System.Globalization;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Features.Events;
using Campaign.Web.Features.Mail;
using Campaign.Web.Features.Search;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>
/// /redaktion/nyhedsbrev/{id}: compose an issue (subject, blocks with the same generated editor as pages, segment),
/// preview it as a chosen subscriber, send a test to oneself, and send now or at a Copenhagen time (Redaktør and
/// Administrator only). While it is sent, a progress bar; afterwards, the report. Works without JavaScript.
/// </summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class IssueEditModel(
    CampaignDb db,
    NewsletterLinks links,
    Outbox outbox,
    IssueDispatcher dispatcher,
    SiteSearch search,
    IOptions<SmtpOptions> smtp,
    TimeProvider clock) : PageModel, IPageMeta
{
    public NewsletterIssue Issue { get; private set; } = null!;
    public string Subject { get; private set; } = "";
    public List<Block> Blocks { get; private set; } = [];
    public NewsletterInterests SegmentInterests { get; private set; }
    public IReadOnlyList<int> SegmentMunicipalities { get; private set; } = [];
    public int Revision { get; private set; }
    public int SegmentSize { get; private set; }
    public IssueReport? Report { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? PreviewQuery { get; private set; }
    public IReadOnlyList<Subscriber> PreviewMatches { get; private set; } = [];
    [TempData(Key = StatusMessage.Key)] public string? Message { get; set; }

    public bool MayPublish => User.IsPublisher();

    public string Title => $"Nyhedsbrev: {Subject}";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Nyhedsbreve", "/redaktion/nyhedsbrev"), new(Subject, Request.Path)];

    private string Editor => User.Identity!.Name!;
    private string Here => $"/redaktion/nyhedsbrev/{Issue.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, string? som, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        Show(issue);
        PreviewQuery = som?.Trim();
        if (PreviewQuery is { Length: >= 3 })
        {
            var term = PreviewQuery.ToLowerInvariant();
            PreviewMatches = await db.Subscribers.AsNoTracking().Where(s => s.Status == SubscriberStatus.Confirmed && s.Email.Contains(term))
                .OrderBy(s => s.Email).Take(20).ToListAsync(ct);
        }

        await CountAsync(ct);
        return Page();
    }

    /// <summary>The mail's HTML as the chosen subscriber (or a sample reader without a municipality) will see it.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(Guid id, Guid? abonnent, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        Subscriber reader;
        if (abonnent is { } subscriberId)
        {
            if (await db.Subscribers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriberId && s.Status == SubscriberStatus.Confirmed, ct) is not { } found)
            {
                return NotFound();
            }

            reader = found;
        }
        else
        {
            reader = Sample(Editor, null);
        }

        var content = await Renderer(issue).ContentAsync(reader, ct);

        // The mail is styled inline, as mail clients need; this response alone allows that, and nothing else.
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        Response.Headers.CacheControl = "no-store";
        return Content(content.Html, "text/html; charset=utf-8");
    }

    /// <summary>The counts for the progress bar (newsletter.js asks every few seconds while an issue is sent).</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        var report = await IssueReport.ForAsync(db, issue, ct);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new
        {
            status = IssueStatusNames.Name(issue.Status),
            sending = issue.Status == IssueStatus.Sending,
            total = report.Total,
            queued = report.Queued,
            sent = report.Sent,
            failed = report.Failed,
            waiting = report.Waiting,
            done = report.Done,
        });
    }

    /// <summary>Saves the composer, or moves, adds and removes blocks (a round trip that keeps what was typed).</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, string? action, string? newBlock, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        Show(issue);
        ReadForm();
        if (BlockEditor.Apply(action, newBlock, Blocks, newsletter: true))
        {
            return await ShowAsync(ct);
        }

        if (Revision != issue.Revision)
        {
            Errors = [$"{issue.UpdatedBy} har gemt nyhedsbrevet, mens du redigerede. Dine ændringer står herunder; hent den nyeste udgave, og skriv dem ind igen."];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }

        var problems = Blocks.SelectMany((b, i) => b.Validate().Select(m => $"Blok {i + 1} ({b.BlockName()}): {m}")).ToList();
        if (PlainText.Check(Subject) is { } control)
        {
            // The subject becomes a mail header: a line break there would end it.
            problems.Insert(0, $"Emne: {control}");
        }

        if (problems.Count > 0)
        {
            Errors = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            issue.Edit(Subject, Blocks, SegmentInterests, SegmentMunicipalities.ToList(), Editor, now);
            db.Record(Editor, "Gemte nyhedsbrev", IssuesModel.ItemType, issue.Id, now, issue.Subject);
            await db.SaveChangesAsync(ct);
        }
        catch (IssueRuleException e)
        {
            Errors = [e.Message];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Errors = ["Nyhedsbrevet er gemt af en anden, mens du redigerede. Hent den nyeste udgave."];
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(ct);
        }

        Message = "Nyhedsbrevet er gemt.";
        return Redirect(Here);
    }

    /// <summary>Sends what is saved to every subscriber in the segment, now.</summary>
    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        Show(issue);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            issue.SendNow(Editor, links.BaseUrl, now);
        }
        catch (IssueRuleException e)
        {
            Message = e.Message;
            return Redirect(Here);
        }

        db.Record(Editor, "Sendte nyhedsbrev", IssuesModel.ItemType, issue.Id, now, issue.Subject);
        await db.SaveChangesAsync(ct);
        dispatcher.Wake();
        Message = "Nyhedsbrevet bliver sendt nu.";
        return Redirect(Here);
    }

    /// <summary>Sends at a Copenhagen date and time; what is saved then is what goes out.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(Guid id, string? dato, string? tid, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        Show(issue);
        if (Shared.DanishDate.Parse(dato, clock, out var dateError) is not { } day
            || !TimeOnly.TryParseExact(tid, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            Message = dateError ?? "Skriv dato og klokkeslæt for udsendelsen, fx 2026-12-01 og 08:00.";
            return Redirect(Here);
        }

        if (CopenhagenTime.ToUtc(day, time) is not { } at)
        {
            Message = "Det klokkeslæt findes ikke den dag, fordi uret stilles en time frem. Vælg et andet.";
            return Redirect(Here);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            issue.Schedule(at, Editor, links.BaseUrl, now);
        }
        catch (IssueRuleException e)
        {
            Message = e.Message;
            return Redirect(Here);
        }

        db.Record(Editor, "Planlagde nyhedsbrev", IssuesModel.ItemType, issue.Id, now, $"{day:yyyy-MM-dd} {time:HH\\:mm}");
        await db.SaveChangesAsync(ct);
        Message = $"Nyhedsbrevet sendes {day.ToString("d. MMMM yyyy", Danish.Culture)} kl. {time:HH\\.mm}.";
        return Redirect(Here);
    }

    public async Task<IActionResult> OnPostUnscheduleAsync(Guid id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        if (!MayPublish)
        {
            return Forbid();
        }

        Show(issue);
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            issue.Unschedule(now);
        }
        catch (IssueRuleException e)
        {
            Message = e.Message;
            return Redirect(Here);
        }

        db.Record(Editor, "Annullerede planlagt nyhedsbrev", IssuesModel.ItemType, issue.Id, now, issue.Subject);
        await db.SaveChangesAsync(ct);
        Message = "Udsendelsen er annulleret; nyhedsbrevet er en kladde igen.";
        return Redirect(Here);
    }

    /// <summary>Sends what is saved to the signed-in staff member only, with events of the chosen municipality.</summary>
    public async Task<IActionResult> OnPostTestAsync(Guid id, int? kommune, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } issue)
        {
            return NotFound();
        }

        Show(issue);
        var email = User.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? Editor;
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            Message = "Din konto har ingen e-mailadresse, der kan sendes til.";
            return Redirect(Here);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reader = Sample(email, kommune is { } code && Places.Geography.Denmark.Municipality(code) is not null ? code : null);
        var content = await Renderer(issue).ContentAsync(reader, ct);
        outbox.Enqueue(new OutgoingMail($"{NewsletterMails.KeyPrefix}proeve:{issue.Id:N}:{Guid.NewGuid():N}", email, null, $"[Prøve] {issue.Subject}", content));
        await db.SaveChangesAsync(ct);
        Message = $"En prøve er sendt til {email}. Links til afmelding i prøven virker ikke.";
        return Redirect(Here);
    }

    private IssueRenderer Renderer(NewsletterIssue issue) =>
        new(issue, links.BaseUrl, NewsletterHeaders.UnsubscribeMailbox(smtp.Value), smtp.Value.FromDomain, IssueRenderer.FromCalendar(db, search, clock));

    /// <summary>A reader who is not on the list (never saved), for previews and tests.</summary>
    private Subscriber Sample(string email, int? municipalityCode)
    {
        var address = System.Net.Mail.MailAddress.TryCreate(email, out var parsed) ? parsed.Address : "proeve@example.org";
        return municipalityCode is { } code
            ? Subscriber.SignUp(address, null, NewsletterInterests.LocalEvents, code, clock.GetUtcNow().UtcDateTime)
            : Subscriber.SignUp(address, null, NewsletterInterests.Campaign, null, clock.GetUtcNow().UtcDateTime);
    }

    private void Show(NewsletterIssue issue)
    {
        Issue = issue;
        Subject = issue.Subject;
        Blocks = [.. issue.ReadBlocks()];
        SegmentInterests = issue.Interests;
        SegmentMunicipalities = issue.ReadMunicipalityCodes();
        Revision = issue.Revision;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        await CountAsync(ct);
        return Page();
    }

    private async Task CountAsync(CancellationToken ct)
    {
        SegmentSize = await db.Subscribers.InSegment(SegmentInterests, [.. SegmentMunicipalities]).CountAsync(ct);
        if (Issue.StartedAt is not null)
        {
            Report = await IssueReport.ForAsync(db, Issue, ct);
        }
    }

    private void ReadForm()
    {
        var form = Request.Form;
        Subject = form["Subject"].ToString().Trim();
        SegmentInterests = Interests.Parse(form["interesser"]);
        SegmentMunicipalities = form["kommuner"]
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : -1)
            .Where(code => Places.Geography.Denmark.Municipality(code) is not null)
            .Distinct()
            .ToList();
        Revision = int.TryParse(form["Revision"], out var revision) ? revision : -1;
        Blocks = BlockEditor.Read(form);
    }

    private async Task<NewsletterIssue?> FindAsync(Guid id, CancellationToken ct) => await db.NewsletterIssues.SingleOrDefaultAsync(i => i.Id == id, ct);
}
