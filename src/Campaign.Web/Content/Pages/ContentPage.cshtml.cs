using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Campaign.Web.Content.Pages;

/// <summary>Every content page, found by its URL in the published snapshot; the database is not touched.</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicContent)]
[IgnoreAntiforgeryToken]
public sealed class ContentPageModel(PublishedContentCache cache) : PageModel, IPageMeta
{
    public PublishedPage Current { get; private set; } = null!;

    public string Title => Current.Title;
    public string? Description => Current.Description;
    public string? CanonicalPath => Current.Url;
    public IReadOnlyList<Crumb> Breadcrumbs => Current.Path.Select(p => new Crumb(p.Parent is null ? "Forside" : p.Name, p.Url)).ToList();

    /// <summary>
    /// The catch-all route matches every method; content is only ever read, so anything but GET and HEAD is 405
    /// (also for a POST to an API address that exists only for GET).
    /// </summary>
    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method))
        {
            Response.Headers.Allow = "GET, HEAD";
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }

    public IActionResult OnGet(string? path)
    {
        var snapshot = cache.Current;
        var url = "/" + (path ?? "");
        if (snapshot.Find(url) is { } page)
        {
            Current = page;
            return Page();
        }

        if (snapshot.RedirectFor(url) is { } moved)
        {
            return RedirectPermanent(moved.Url);
        }

        return NotFound();
    }
}
