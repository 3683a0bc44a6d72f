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

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
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
