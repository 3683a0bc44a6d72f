namespace Campaign.Web.Features.Media;

/// <summary>A named crop of a library image, made around its focal point at a fixed size (smaller when the original is).</summary>
public sealed record MediaCrop(string Name, string Label, string Ratio, int Width, int Height);

public static class MediaCrops
{
    public static readonly MediaCrop Hero = new("hero", "Topbillede", "16:9", 1600, 900);
    public static readonly MediaCrop Social = new("social", "Sociale medier", "1:1", 1080, 1080);
    public static readonly MediaCrop Portrait = new("portrait", "Portræt", "4:5", 1080, 1350);

    public static readonly IReadOnlyList<MediaCrop> All = [Hero, Social, Portrait];

    public static MediaCrop? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>/media/{id}/{crop}.webp?v={focal point}: the query changes with the focal point, so the URL may be cached for a year.</summary>
    public static string Url(MediaItem item, MediaCrop crop) => $"/media/{item.Id}/{crop.Name}.webp?v={item.FocalVersion}";
}
