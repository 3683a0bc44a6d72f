using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Features.Media;

public sealed class MediaOptions : IValidatableObject
{
    public const string Section = "Media";

    /// <summary>
    /// Folder for originals and derived images. A relative path is resolved against the content root
    /// when the options are built, so the processor only ever sees an absolute path.
    /// </summary>
    public string Root { get; set; } = "App_Data/media";

    /// <summary>How long a photo uploaded with an event form may exist without an event referring to it before the sweep deletes it.</summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many megabytes of event photos one association may keep (uploads not yet swept count too).</summary>
    public int UploadQuotaMegabytes { get; set; } = 200;

    public long UploadQuotaBytes => UploadQuotaMegabytes * 1024L * 1024L;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (OrphanGracePeriod < TimeSpan.FromMinutes(10) || OrphanGracePeriod > TimeSpan.FromDays(90))
        {
            yield return new ValidationResult($"Media:OrphanGracePeriod must be from 00:10:00 to 90.00:00:00 (it is {OrphanGracePeriod}).", [nameof(OrphanGracePeriod)]);
        }

        if (UploadQuotaMegabytes is < 10 or > 100_000)
        {
            yield return new ValidationResult($"Media:UploadQuotaMegabytes must be from 10 to 100000 (it is {UploadQuotaMegabytes}).", [nameof(UploadQuotaMegabytes)]);
        }

        if (string.IsNullOrWhiteSpace(Root))
        {
            yield return new ValidationResult("Media:Root must name a folder, such as App_Data/media.", [nameof(Root)]);
        }
        else if (Root.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return new ValidationResult($"Media:Root contains characters that cannot be in a path (it is '{Root}').", [nameof(Root)]);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies below it.</summary>
    internal static bool IsInside(string path, string? folder)
    {
        if (string.IsNullOrEmpty(folder))
        {
            return false;
        }

        var relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(path));
        return relative == "." || !(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }
}
