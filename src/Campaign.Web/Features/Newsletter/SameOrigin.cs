using Campaign.Web.Setup;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// Cross-site post protection for public forms that carry no antiforgery token (a token needs a cookie, and public
/// pages set none so they can be cached). Browsers send Origin with every POST, and Referer where Origin is missing;
/// a post whose Origin and Referer are both absent or name another site is refused.
/// </summary>
public static class SameOrigin
{
    public const string RefusedMessage =
        "Formularen blev sendt fra en anden hjemmeside end Tal om ensomhed, så vi har ikke gemt noget. " +
        "Tjek at du er på talomensomhed.dk, og send formularen igen herfra.";

    public static bool IsSameSite(HttpRequest request, SiteOptions site)
    {
        var source = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(source))
        {
            source = request.Headers.Referer.ToString();
        }

        // "null" is the Origin of sandboxed frames, data: URLs and privacy-stripped posts: no site to trust.
        if (string.IsNullOrEmpty(source) || !Uri.TryCreate(source, UriKind.Absolute, out var from) || from.Scheme is not ("http" or "https"))
        {
            return false;
        }

        // Compared by host and port: behind a proxy that ends TLS the app may see http for an https origin.
        return string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || (Uri.TryCreate(site.BaseUrl, UriKind.Absolute, out var own) && string.Equals(from.Authority, own.Authority, StringComparison.OrdinalIgnoreCase));
    }
}
