using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Setup;

public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>Absolute base for links in mail, feeds and the sitemap; empty means the request's own scheme and host.</summary>
    public string? BaseUrl { get; set; }

    public string Name { get; set; } = "Tal om ensomhed";

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl)
            && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/"))
        {
            yield return new ValidationResult($"Site:BaseUrl must be an absolute http(s) URL without a path, such as https://talomensomhed.dk (it is '{BaseUrl}').", [nameof(BaseUrl)]);
        }
    }

    /// <summary>The absolute site address for links that leave the site (mail, feeds, sitemap).</summary>
    public string BaseFor(HttpRequest request) =>
        string.IsNullOrWhiteSpace(BaseUrl) ? $"{request.Scheme}://{request.Host}" : BaseUrl.TrimEnd('/');
}
