using System.Globalization;
using System.Security.Cryptography;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Newsletter;

/// <summary>What a confirmation link turned out to be.</summary>
public enum LinkState
{
    Valid,
    Expired,

    /// <summary>Changed, cut short or made up: the signature does not match.</summary>
    Invalid,
}

/// <summary>
/// The absolute links in newsletter mail. The confirmation link carries the subscriber id and an expiry signed with
/// ASP.NET Core Data Protection (so it cannot be forged or stretched, and works on every node that shares the keys);
/// the own page and unsubscribe links carry the subscriber's random <see cref="Subscriber.Token"/>.
/// </summary>
public sealed class NewsletterLinks(IDataProtectionProvider protection, IOptions<SiteOptions> site, IHttpContextAccessor http)
{
    private readonly IDataProtector _protector = protection.CreateProtector("newsletter-confirmation");

    /// <summary>The site's address for links that leave it: Site:BaseUrl (in Development without it, the request's).</summary>
    public string BaseUrl => site.Value.BaseFor(http.HttpContext?.Request);

    public string ConfirmUrl(Subscriber subscriber, DateTime now) =>
        $"{BaseUrl}/nyhedsbrev/bekraeft?t={ConfirmationToken(subscriber.Id, now + Subscriber.ConfirmationLifetime)}";

    public string ManageUrl(Subscriber subscriber) => ManageUrl(BaseUrl, subscriber);

    /// <summary>The List-Unsubscribe address: GET shows a button, POST (RFC 8058 one-click) unsubscribes.</summary>
    public string UnsubscribeUrl(Subscriber subscriber) => UnsubscribeUrl(BaseUrl, subscriber);

    /// <summary>The own page on a given site address (the dispatch runs outside a request and brings its own).</summary>
    public static string ManageUrl(string baseUrl, Subscriber subscriber) => $"{baseUrl}/nyhedsbrev/dig/{subscriber.Token}";

    public static string UnsubscribeUrl(string baseUrl, Subscriber subscriber) => $"{baseUrl}/nyhedsbrev/afmeld/{subscriber.Token}";

    /// <summary>A signed token that names the subscriber and stops working at <paramref name="expires"/>.</summary>
    public string ConfirmationToken(Guid subscriberId, DateTime expires) =>
        _protector.Protect($"{subscriberId:N}|{new DateTimeOffset(expires, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Reads a confirmation token; the subscriber id is known also when the link has expired.</summary>
    public (LinkState State, Guid SubscriberId) ReadConfirmationToken(string? token, DateTime now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return (LinkState.Invalid, Guid.Empty);
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return (LinkState.Invalid, Guid.Empty);
        }

        var parts = payload.Split('|');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var id)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (LinkState.Invalid, Guid.Empty);
        }

        return (DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime < now ? LinkState.Expired : LinkState.Valid, id);
    }
}
