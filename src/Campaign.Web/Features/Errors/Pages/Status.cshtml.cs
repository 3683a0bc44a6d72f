using Campaign.Web.Content;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Campaign.Web.Features.Errors.Pages;

/// <summary>The page shown for 404, 400, 429, 500 and the like, in Danish, with a way on.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true)]
public sealed class StatusModel(PublishedContentCache cache) : PageModel, IPageMeta
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public string? CanonicalPath => null;
    public IReadOnlyList<Crumb> Breadcrumbs => [];
    public IReadOnlyList<PublishedPage> Suggestions { get; private set; } = [];

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    public IActionResult OnPut(int code) => Show(code);

    public IActionResult OnDelete(int code) => Show(code);

    public IActionResult OnPatch(int code) => Show(code);

    private PageResult Show(int code)
    {
        // Reached directly (/fejl/404) this page still answers with the code it describes.
        Code = code is >= 400 and <= 599 ? code : 404;
        (Title, Description) = Code switch
        {
            404 => ("Siden findes ikke", "Vi kan ikke finde den side, du leder efter."),
            400 => ("Forespørgslen kunne ikke forstås", "Noget i adressen eller formularen var ikke, som vi forventede. Gå tilbage og prøv igen."),
            403 => ("Du har ikke adgang", "Du har ikke adgang til denne side."),
            405 => ("Det kan man ikke her", "Siden kan ikke bruges på den måde."),
            429 => ("For mange forsøg", "Du har prøvet mange gange på kort tid. Vent et øjeblik, og prøv så igen."),
            _ when Code >= 500 => ("Der skete en fejl hos os", "Beklager, noget gik galt hos os. Prøv igen om lidt. Fejlen er registreret."),
            _ => ("Noget gik galt", "Siden kunne ikke vises."),
        };
        Suggestions = cache.Current.MainNavigation;
        Response.StatusCode = Code;
        return Page();
    }
}
