using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Newsletter.Pages;

/// <summary>/redaktion/nyhedsbrev: the issues, newest first, with their status and report; start a new one.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class IssuesModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public const string ItemType = "Nyhedsbrev";

    public IReadOnlyList<(NewsletterIssue Issue, IssueReport Report)> Items { get; private set; } = [];
    public string? Error { get; private set; }

    public string Title => "Nyhedsbreve";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Nyhedsbreve", "/redaktion/nyhedsbrev")];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? emne, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        NewsletterIssue issue;
        try
        {
            issue = NewsletterIssue.Create(emne ?? "", User.Identity!.Name!, now);
        }
        catch (IssueRuleException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        db.NewsletterIssues.Add(issue);
        db.Record(User.Identity!.Name!, "Oprettede nyhedsbrev", ItemType, issue.Id, now, issue.Subject);
        await db.SaveChangesAsync(ct);
        return Redirect($"/redaktion/nyhedsbrev/{issue.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var issues = await db.NewsletterIssues.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(50).ToListAsync(ct);
        var items = new List<(NewsletterIssue, IssueReport)>();
        foreach (var issue in issues)
        {
            items.Add((issue, await IssueReport.ForAsync(db, issue, ct)));
        }

        Items = items;
    }
}
