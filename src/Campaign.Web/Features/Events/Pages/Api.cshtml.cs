using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Events.Pages;

/// <summary>The API's reference for people: endpoints, parameters, examples, limits and terms, in plain HTML (no script, no CDN).</summary>
[AllowAnonymous]
[OutputCache(PolicyName = CachingSetup.PublicContent)]
public sealed class ApiModel(IOptions<AbuseOptions> abuse, IOptions<SiteOptions> site) : PageModel, IPageMeta
{
    public string Title => "Åbne data: arrangementer som API og CSV";
    public string? Description => "Hent kampagnens offentlige arrangementer som JSON, CSV, iCalendar eller Atom: adresser, filtre, eksempler, grænser og vilkår.";
    public string? CanonicalPath => "/api";
    public IReadOnlyList<Crumb> Breadcrumbs => [new("Forside", "/"), new("Åbne data", "/api")];

    public int PermitsPerMinute => abuse.Value.ApiPermitsPerMinute;
    public string BaseUrl { get; private set; } = "";

    public void OnGet() => BaseUrl = site.Value.BaseFor(Request);
}
