using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Features.Mail;

/// <summary>How <see cref="OutboxWorker"/> works through the outbox (configuration section <c>Mail</c>).</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>How often each node looks for due mail when nothing woke it earlier.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many mails one node claims at a time.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>
    /// How long a claim holds. It must outlast sending a whole batch (each send is bounded by Smtp:Timeout),
    /// or another node may take over a mail that is still being sent.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The outbox health check reports Degraded once the oldest pending mail has waited this long.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Mail:PollInterval must be from 00:00:00.010 to 00:10:00 (it is {PollInterval}).", [nameof(PollInterval)]);
        }

        if (BatchSize is < 1 or > 500)
        {
            yield return new ValidationResult($"Mail:BatchSize must be from 1 to 500 (it is {BatchSize}).", [nameof(BatchSize)]);
        }

        if (LeaseDuration < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"Mail:LeaseDuration must be at least 00:01:00, longer than a batch takes to send (it is {LeaseDuration}).", [nameof(LeaseDuration)]);
        }

        if (DegradedAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Mail:DegradedAfter must be more than 0 (it is {DegradedAfter}).", [nameof(DegradedAfter)]);
        }
    }
}
