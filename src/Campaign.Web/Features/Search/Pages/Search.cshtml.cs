using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Features.Search.Pages;

/// <summary>/soeg?q=: pages, news, series and events, ranked, with hits marked and a count per type.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicEvents)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(SearchSetup.SearchRateLimit)]
public sealed class SearchModel(SiteSearch search) : PageModel, IPageMeta
{
    public const int PageSize = 15;
    public const int MaxQueryLength = 200;

    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [FromQuery(Name = "side")] public string? Side { get; set; }

    public SearchResults Results { get; private set; } = SearchResults.Empty("");
    public string? Error { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Results.Total + PageSize - 1) / PageSize);

    public string Title => string.IsNullOrWhiteSpace(Q) || Error is not null ? "Søg" : $"Søgning: {Clip(Q.Trim())}";
    public string? Description => "Søg i sider, nyheder og arrangementer om ensomhed.";
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Søg", "/soeg")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > MaxQueryLength })
        {
            return Invalid($"Søgningen er for lang. Skriv højst {MaxQueryLength} tegn.");
        }

        if (Type is { Length: > 0 } && SearchTypes.All.All(t => t.Type != Type))
        {
            return Invalid("Vælg en af typerne sider, nyheder, arrangementsserier eller arrangementer.");
        }

        if (Side is { Length: > 0 } && (!int.TryParse(Side, out var page) || page < 1 || page > 1000))
        {
            return Invalid("Sidetallet skal være et tal fra 1 og op.");
        }

        PageNumber = int.TryParse(Side, out var p) ? p : 1;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Results = await search.SearchAsync(Q, string.IsNullOrEmpty(Type) ? null : Type, (PageNumber - 1) * PageSize, PageSize, ct);
        }

        return Page();
    }

    public string Link(string? type, int page = 1) =>
        "/soeg?q=" + Uri.EscapeDataString(Q ?? "") + (string.IsNullOrEmpty(type) ? "" : "&type=" + type) + (page > 1 ? "&side=" + page : "");

    private PageResult Invalid(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
