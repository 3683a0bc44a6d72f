namespace Campaign.Web.Setup;

public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://i.ytimg.com https://i.vimeocdn.com; " +
        "font-src 'self'; connect-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>
    /// The signed-in areas and their exports (subscriber data, uSync): one person's or the editors' data, which no
    /// browser cache, shared computer or proxy may keep.
    /// </summary>
    public static bool IsPrivate(PathString path) =>
        path.StartsWithSegments("/redaktion", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/forening", StringComparison.OrdinalIgnoreCase);

    /// <summary>Headers for every response. Only /embed/* may be shown inside another site's frame.</summary>
    public static void UseCampaignSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            var embeddable = context.Request.Path.StartsWithSegments("/embed", StringComparison.OrdinalIgnoreCase);
            headers.ContentSecurityPolicy = ContentSecurityPolicy + (embeddable ? "; frame-ancestors *" : "; frame-ancestors 'none'");
            if (!embeddable)
            {
                headers.XFrameOptions = "DENY";
            }

            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (IsPrivate(context.Request.Path))
            {
                // Set as the response starts, so nothing later (a page, antiforgery, a file result) can loosen it.
                context.Response.OnStarting(() =>
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}
