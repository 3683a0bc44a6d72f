namespace Campaign.Web.Features.Media;

public static class MediaSetup
{
    /// <summary>Media options (Media:Root resolved against the content root), the libvips image processor and the document store.</summary>
    public static void AddMedia(this WebApplicationBuilder builder)
    {
        LibvipsModules.KeepOut();
        var contentRoot = builder.Environment.ContentRootPath;
        var webRoot = builder.Environment.WebRootPath;

        builder.Services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.Section)
            .ValidateDataAnnotations()
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.Root) && o.Root.IndexOfAny(Path.GetInvalidPathChars()) < 0)
                {
                    o.Root = Path.GetFullPath(o.Root, contentRoot);
                }
            })
            // Everything under wwwroot is served as it is; originals must never be reachable that way.
            .Validate(o => !MediaOptions.IsInside(o.Root, webRoot), "Media:Root must lie outside wwwroot.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IImageProcessor, VipsImageProcessor>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddHostedService<UploadSweep>();
    }
}
