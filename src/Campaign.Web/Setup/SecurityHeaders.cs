namespace Campaign.Web.Setup;

public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://i.ytimg.com https://i.vimeocdn.com; " +
        "font-src 'self'; connect-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'";

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
            return next(context);
        });
    }
}
