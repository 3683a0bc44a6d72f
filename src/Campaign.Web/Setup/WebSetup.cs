using System.Text.Encodings.Web;
using System.Text.Unicode;
using Campaign.Web.Shared;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Net.Http.Headers;

namespace Campaign.Web.Setup;

public static class WebSetup
{
    public static void AddCampaignWeb(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.Section)
            .Configure(o => o.AllowRequestAddress = development)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Shared by the association registration and the newsletter signup, so registered here rather than by either.
        builder.Services.AddOptions<AbuseOptions>()
            .BindConfiguration(AbuseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<FormGuard>();

        // Host filtering (added by the web host) answers 400 to a Host header it does not know. "AllowedHosts" set in
        // configuration wins; left unset outside Development, only Site:BaseUrl's host (and localhost, for a container's
        // own health check) is allowed, so a stranger's Host header never reaches the app.
        builder.Services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            if (!development && string.IsNullOrWhiteSpace(configuration["AllowedHosts"])
                && Uri.TryCreate(configuration[$"{SiteOptions.Section}:{nameof(SiteOptions.BaseUrl)}"], UriKind.Absolute, out var site))
            {
                o.AllowedHosts = [site.IdnHost, "localhost"];
            }
        });

        // Pages live in their feature folders and each names its own absolute route with @page "/...".
        builder.Services.AddRazorPages(options => options.RootDirectory = "/").AddDanishValidationMessages();

        // Every form refuses control characters through the same binder (see PlainText).
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.ModelBinderProviders.Insert(0, new PlainTextModelBinderProvider()));
        builder.Services.AddResponseCompression(options => options.EnableForHttps = true);
        builder.Services.AddHttpContextAccessor();

        // Write æ, ø and å as themselves rather than as &#xE6; in HTML and JSON: smaller pages, readable source.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
    }

    public static void UseCampaignErrorPages(this WebApplication app)
    {
        app.UseResponseCompression();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fejl/500");
        }

        app.UseStatusCodePagesWithReExecute("/fejl/{0}");
    }

    /// <summary>Files in wwwroot/; versioned URLs (asp-append-version) may be cached for a year.</summary>
    public static void UseCampaignStaticFiles(this WebApplication app)
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var versioned = context.Context.Request.Query.ContainsKey("v");
                context.Context.Response.Headers[HeaderNames.CacheControl] = versioned
                    ? "public, max-age=31536000, immutable"
                    : "public, max-age=3600";
            },
        });
    }
}
