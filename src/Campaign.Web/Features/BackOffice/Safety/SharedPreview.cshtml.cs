using Campaign.Web.Content;
using Campaign.Web.Data;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.BackOffice.Safety;

/// <summary>
/// /forhaandsvisning/{token}: a page's draft for a colleague without an account, as the public will see it, while the
/// link works. A changed or unknown token is 404, an expired or withdrawn one 410, each with a Danish page that says so.
/// Never cached or indexed, and the token is not passed on to other sites.
/// </summary>
[AllowAnonymous]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class SharedPreviewModel(CampaignDb db, PreviewTokens tokens, ContentService content, PublishedContentCache cache, TimeProvider clock) : PageModel, IPageMeta
{
    public PublishedPage? Current { get; private set; }
    public PreviewLink? Link { get; private set; }
    public string? Problem { get; private set; }
    public string? ProblemText { get; private set; }

    public string Title => Current?.Title ?? Problem ?? "Forhåndsvisning";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (tokens.Read(token) is not { } linkId || await db.PreviewLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == linkId, ct) is not { } link)
        {
            return Refuse(StatusCodes.Status404NotFound, "Linket virker ikke", "Linket til forhåndsvisningen er ikke gyldigt. Måske er det ikke kopieret helt. Bed den, der sendte det, om et nyt.");
        }

        Link = link;
        var now = clock.GetUtcNow().UtcDateTime;
        if (link.RevokedAt is not null)
        {
            return Refuse(StatusCodes.Status410Gone, "Linket er trukket tilbage", "Redaktionen har trukket linket til forhåndsvisningen tilbage. Bed den, der sendte det, om et nyt.");
        }

        if (!link.IsActive(now))
        {
            return Refuse(StatusCodes.Status410Gone, "Linket er udløbet", $"Linket til forhåndsvisningen virkede til {Campaign.Web.Features.Events.CopenhagenTime.ToLocal(link.ExpiresAt).ToString("d. MMMM yyyy 'kl.' HH.mm", Shared.Danish.Culture)}. Bed den, der sendte det, om et nyt.");
        }

        ContentNode node;
        try
        {
            node = await content.LoadAsync(link.NodeId, ct);
        }
        catch (ContentNotFoundException)
        {
            return Refuse(StatusCodes.Status410Gone, "Siden findes ikke længere", "Siden, linket viste, er slettet.");
        }

        if (node.IsTrashed || node.Current is not { } version)
        {
            return Refuse(StatusCodes.Status410Gone, "Siden findes ikke længere", "Siden, linket viste, ligger i papirkurven.");
        }

        var snapshot = cache.Current;
        var live = snapshot.FindById(node.Id);
        var parent = node.ParentId is { } parentId ? snapshot.FindById(parentId) : null;
        Current = new PublishedPage
        {
            Id = node.Id,
            Type = ContentTypes.Get(node.ContentType),
            Name = version.Name,
            Url = live?.Url ?? (parent is null ? "/" : parent.Url.TrimEnd('/') + "/" + node.Segment),
            SortOrder = node.SortOrder,
            Data = version.ReadData(),
            PublishedAt = version.CreatedAt,
            Parent = parent,
        };
        foreach (var child in live?.Children ?? [])
        {
            Current.AddChild(child);
        }

        return Page();
    }

    private PageResult Refuse(int status, string problem, string text)
    {
        (Problem, ProblemText) = (problem, text);
        Response.StatusCode = status;
        return Page();
    }
}
