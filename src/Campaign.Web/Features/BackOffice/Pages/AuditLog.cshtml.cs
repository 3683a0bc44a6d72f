using Campaign.Web.Data;
using Campaign.Web.Features.Events;
using Campaign.Web.Setup;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Pages;

/// <summary>/redaktion/log: everything done in the back office, newest first, filtered by who, what and when. Kept for good.</summary>
[Authorize(Policy = AuthSetup.StaffPolicy)]
public sealed class AuditLogModel(CampaignDb db, TimeProvider clock) : PageModel, IPageMeta
{
    public const int PageSize = 50;

    [FromQuery(Name = "hvem")] public string? Who { get; set; }
    [FromQuery(Name = "hvad")] public string? What { get; set; }
    [FromQuery(Name = "type")] public string? ItemType { get; set; }
    [FromQuery(Name = "fra")] public string? From { get; set; }
    [FromQuery(Name = "til")] public string? To { get; set; }
    [FromQuery(Name = "side")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> Types { get; private set; } = [];
    public int Total { get; private set; }
    public string? Error { get; private set; }

    public string Title => "Log";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Redaktionen", "/redaktion"), new("Log", "/redaktion/log")];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Who))
        {
            entries = entries.Where(e => e.Who.Contains(Who.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(What))
        {
            entries = entries.Where(e => e.Action.Contains(What.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(ItemType))
        {
            entries = entries.Where(e => e.ItemType == ItemType);
        }

        if (Date(From) is { } from)
        {
            var fromUtc = CopenhagenTime.StartOfDay(from);
            entries = entries.Where(e => e.At >= fromUtc);
        }

        if (Date(To) is { } to)
        {
            var toUtc = CopenhagenTime.StartOfDay(to.AddDays(1));
            entries = entries.Where(e => e.At < toUtc);
        }

        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Total = await entries.CountAsync(ct);
        Entries = await entries.OrderByDescending(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Types = await db.AuditEntries.Select(e => e.ItemType).Distinct().OrderBy(t => t).ToListAsync(ct);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public string Link(int page) =>
        $"/redaktion/log?hvem={Uri.EscapeDataString(Who ?? "")}&hvad={Uri.EscapeDataString(What ?? "")}&type={Uri.EscapeDataString(ItemType ?? "")}&fra={From}&til={To}&side={page}";

    private DateOnly? Date(string? value)
    {
        var date = DanishDate.Parse(value, clock, out var error);
        Error ??= error;
        return date;
    }
}
