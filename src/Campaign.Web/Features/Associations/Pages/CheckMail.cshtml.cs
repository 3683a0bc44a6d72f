using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Associations.Pages;

[AllowAnonymous]
public sealed class CheckMailModel : PageModel, IPageMeta
{
    public string Title => "Tjek din mail";
    public string? Description => null;
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];
}
