using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Features.Mail;

/// <summary>How <see cref="OutboxWorker"/> works through the outbox (configuration section <c>Mail</c>).</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>How often each node looks for due mail when nothing woke it earlier.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many mails one node claims at a time; their results are recorded together, in one save. Small enough that
    /// transactional mail queued meanwhile is claimed within moments (the claim takes it before bulk mail).
    /// </summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How many mails one node hands to the mail sender at once (match it to Smtp:MaxConnections).</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long a claim holds without renewal. The node renews it every third of this while it sends the batch, so it
    /// need not outlast the batch; it only bounds how long the mail of a node that died waits before another node (or the
    /// same one after a restart) takes it over.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

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

        if (Parallelism is < 1 or > 64)
        {
            yield return new ValidationResult($"Mail:Parallelism must be from 1 to 64 (it is {Parallelism}).", [nameof(Parallelism)]);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(10) || LeaseDuration > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Mail:LeaseDuration must be from 00:00:10 to 00:10:00 (it is {LeaseDuration}).", [nameof(LeaseDuration)]);
        }

        if (DegradedAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Mail:DegradedAfter must be more than 0 (it is {DegradedAfter}).", [nameof(DegradedAfter)]);
        }
    }
}
