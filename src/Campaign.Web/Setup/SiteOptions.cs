using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Setup;

public sealed class SiteOptions : IValidatableObject
{
    public const string Section = "Site";

    /// <summary>
    /// The site's public address (scheme and host, such as https://talomensomhed.dk): the base of every absolute link
    /// in mail, feeds, the sitemap, the API and page metadata. Required outside Development, because a link built from
    /// the request would follow whatever Host header a stranger sends.
    /// </summary>
    public string? BaseUrl { get; set; }

    public string Name { get; set; } = "Tal om ensomhed";

    /// <summary>
    /// Only in Development may a missing <see cref="BaseUrl"/> fall back to the request's own address. Set by the app
    /// from its environment, never from configuration (the binder leaves non-public setters alone).
    /// </summary>
    public bool AllowRequestAddress { get; internal set; }

    /// <summary>
    /// URLs per sitemap file. The protocol allows 50,000; past that /sitemap.xml becomes an index of /sitemap-N.xml parts.
    /// Lowered only by tests, to see the index without 50,000 events.
    /// </summary>
    public int SitemapUrlsPerFile { get; set; } = 50_000;

    /// <summary>The address `dotnet run` listens on (launchSettings.json), for links made outside a request in Development.</summary>
    public const string DevelopmentAddress = "http://localhost:5080";

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            if (!AllowRequestAddress)
            {
                yield return new ValidationResult(
                    "Site:BaseUrl is required outside Development: set it to the site's public address, such as https://talomensomhed.dk " +
                    "(environment variable Site__BaseUrl). Every link in mail, feeds and the sitemap is built from it, never from the request's Host header.",
                    [nameof(BaseUrl)]);
            }
        }
        else if (!(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/"
                   && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment)))
        {
            yield return new ValidationResult($"Site:BaseUrl must be an absolute http(s) URL without a path, such as https://talomensomhed.dk (it is '{BaseUrl}').", [nameof(BaseUrl)]);
        }

        if (SitemapUrlsPerFile is < 1 or > 50_000)
        {
            yield return new ValidationResult($"Site:SitemapUrlsPerFile must be from 1 to 50000 (it is {SitemapUrlsPerFile}).", [nameof(SitemapUrlsPerFile)]);
        }
    }

    /// <summary>
    /// The one source of the site's absolute address, for links that leave the site (mail, feeds, sitemap, API, page
    /// metadata, embed code): <see cref="BaseUrl"/>; in Development without it, the request's own address (or the
    /// development address when there is no request).
    /// </summary>
    public string BaseFor(HttpRequest? request) =>
        !string.IsNullOrWhiteSpace(BaseUrl) ? BaseUrl.TrimEnd('/')
        : !AllowRequestAddress ? throw new InvalidOperationException("Site:BaseUrl is not set; it is required outside Development.")
        : request is not null ? $"{request.Scheme}://{request.Host}"
        : DevelopmentAddress;
}
