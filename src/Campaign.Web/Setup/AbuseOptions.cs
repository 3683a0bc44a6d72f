using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Setup;

/// <summary>
/// Limits against automation (configuration section <c>Abuse</c>). The rate limits on sign-in, submission and the
/// newsletter are read where their policies are made; these are the ones validated here.
/// </summary>
public sealed class AbuseOptions : IValidatableObject
{
    public const string Section = "Abuse";

    /// <summary>A form sent sooner than this after it was shown was sent by a bot.</summary>
    public double MinimumFillSeconds { get; set; } = 3;

    /// <summary>A form's signed timestamp works this long, so one harvested token cannot be replayed for ever.</summary>
    public double MaximumFillHours { get; set; } = 24;

    /// <summary>Searches per IP address per minute: a search that finds nothing scans the vocabulary for close words.</summary>
    public int SearchPermitsPerMinute { get; set; } = 30;

    /// <summary>Requests per IP address per minute to /api/events and /api/events.csv (documented on /api).</summary>
    public int ApiPermitsPerMinute { get; set; } = 60;

    /// <summary>Invitations an association's members may send per 24 hours, so the portal cannot be used to mail anyone.</summary>
    public int InvitationsPerDay { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (MinimumFillSeconds is < 0 or > 600)
        {
            yield return new ValidationResult($"Abuse:MinimumFillSeconds must be from 0 to 600 (it is {MinimumFillSeconds}).", [nameof(MinimumFillSeconds)]);
        }

        if (MaximumFillHours is < 0.1 or > 720 || MaximumFillHours * 3600 <= MinimumFillSeconds)
        {
            yield return new ValidationResult($"Abuse:MaximumFillHours must be from 0.1 to 720 hours and longer than Abuse:MinimumFillSeconds (it is {MaximumFillHours}).", [nameof(MaximumFillHours)]);
        }

        if (SearchPermitsPerMinute is < 1 or > 100_000)
        {
            yield return new ValidationResult($"Abuse:SearchPermitsPerMinute must be from 1 to 100000 (it is {SearchPermitsPerMinute}).", [nameof(SearchPermitsPerMinute)]);
        }

        if (ApiPermitsPerMinute is < 1 or > 100_000)
        {
            yield return new ValidationResult($"Abuse:ApiPermitsPerMinute must be from 1 to 100000 (it is {ApiPermitsPerMinute}).", [nameof(ApiPermitsPerMinute)]);
        }

        if (InvitationsPerDay is < 1 or > 10_000)
        {
            yield return new ValidationResult($"Abuse:InvitationsPerDay must be from 1 to 10000 (it is {InvitationsPerDay}).", [nameof(InvitationsPerDay)]);
        }
    }
}
