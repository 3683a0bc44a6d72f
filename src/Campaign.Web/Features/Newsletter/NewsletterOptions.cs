using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Features.Newsletter;

/// <summary>How <see cref="IssueDispatcher"/> sends issues (configuration section <c>Newsletter</c>).</summary>
public sealed class NewsletterOptions : IValidatableObject
{
    public const string Section = "Newsletter";

    /// <summary>
    /// At most this many issue mails are queued per second (all nodes together: one node queues an issue at a time), to
    /// keep below a mail provider's rate limit. Transactional mail need not wait for it: issue mail is queued as bulk,
    /// and the outbox sends transactional mail first.
    /// </summary>
    public int MessagesPerSecond { get; set; } = 500;

    /// <summary>How often each node looks for scheduled issues that are due and for issues being sent.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node's claim on an issue holds without renewal; another node takes over after it. The node renews it
    /// with every batch and every third of it in between, so this only bounds the wait after a node died.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (MessagesPerSecond is < 1 or > 100_000)
        {
            yield return new ValidationResult($"Newsletter:MessagesPerSecond must be from 1 to 100000 (it is {MessagesPerSecond}).", [nameof(MessagesPerSecond)]);
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult($"Newsletter:PollInterval must be from 00:00:00.010 to 00:10:00 (it is {PollInterval}).", [nameof(PollInterval)]);
        }

        if (LeaseDuration < TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult($"Newsletter:LeaseDuration must be at least 00:00:10 (it is {LeaseDuration}).", [nameof(LeaseDuration)]);
        }
    }
}
