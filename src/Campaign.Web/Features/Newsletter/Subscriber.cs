using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Newsletter;

public enum SubscriberStatus
{
    /// <summary>Signed up, has not clicked the link in the confirmation mail yet; deleted after <see cref="Subscriber.ConfirmationLifetime"/>.</summary>
    Pending = 0,
    Confirmed = 1,

    /// <summary>Withdrew consent; nothing more is sent, and the row is deleted after <see cref="Subscriber.EndedRetention"/>.</summary>
    Unsubscribed = 2,

    /// <summary>The mail server refused the address for good; nothing more is sent, deleted like an unsubscribed row.</summary>
    Undeliverable = 3,
}

/// <summary>What a subscriber wants news about; a newsletter issue is sent to those whose flags meet the issue's.</summary>
[Flags]
public enum NewsletterInterests
{
    None = 0,
    Campaign = 1,

    /// <summary>Events in the subscriber's own municipality (<see cref="Subscriber.MunicipalityCode"/>).</summary>
    LocalEvents = 2,
    Research = 4,
}

/// <summary>The Danish names and form values of the interests, in the order the forms show them.</summary>
public static class Interests
{
    public static readonly IReadOnlyList<(NewsletterInterests Flag, string Value, string Label)> All =
    [
        (NewsletterInterests.Campaign, "kampagnenyt", "Kampagnenyt"),
        (NewsletterInterests.LocalEvents, "arrangementer", "Arrangementer i min kommune"),
        (NewsletterInterests.Research, "viden", "Viden og forskning"),
    ];

    public static NewsletterInterests Parse(IEnumerable<string?> values) =>
        All.Where(i => values.Contains(i.Value, StringComparer.Ordinal)).Aggregate(NewsletterInterests.None, (all, i) => all | i.Flag);

    public static IEnumerable<string> Values(NewsletterInterests interests) => All.Where(i => interests.HasFlag(i.Flag)).Select(i => i.Value);

    /// <summary>"Kampagnenyt og viden og forskning", for pages and mails.</summary>
    public static string Describe(NewsletterInterests interests, int? municipalityCode)
    {
        var labels = All.Where(i => interests.HasFlag(i.Flag)).Select(i =>
            i.Flag == NewsletterInterests.LocalEvents && municipalityCode is { } code && Places.Geography.Denmark.Municipality(code) is { } m
                ? $"arrangementer i {m.Name} Kommune"
                : i.Label.ToLowerInvariant()).ToList();
        if (labels.Count == 0)
        {
            return "ingen emner";
        }

        var text = labels.Count == 1 ? labels[0] : string.Join(", ", labels.SkipLast(1)) + " og " + labels[^1];
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}

/// <summary>A wrong move on a subscriber (confirming an unsubscribed address ...), refused by the entity.</summary>
public sealed class SubscriberRuleException(string message) : InvalidOperationException(message);

/// <summary>
/// One address on the newsletter list. Double opt-in: a signup is <see cref="SubscriberStatus.Pending"/> until the
/// link in the confirmation mail is used. The rules of its life (sign up again, confirm, change, unsubscribe,
/// bounce) live here; the pages call them. What was consented to is in <see cref="ConsentRecord"/>.
/// </summary>
public sealed class Subscriber
{
    public const int EmailMaxLength = 254;
    public const int NameMaxLength = 100;

    /// <summary>How long a confirmation link works, and how long an unconfirmed address is kept after its last confirmation mail.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    /// <summary>How long an unsubscribed or undeliverable address is kept (it shows its owner what happened) before it is deleted.</summary>
    public static readonly TimeSpan EndedRetention = TimeSpan.FromDays(30);

    /// <summary>
    /// At most one signup mail (confirmation or "already subscribed") per address in this time, so the public form
    /// cannot be used to flood someone's inbox.
    /// </summary>
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(5);

    private Subscriber()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Trimmed and lower-case (<see cref="NormalizeEmail"/>); unique.</summary>
    public string Email { get; private set; } = "";

    public string? Name { get; private set; }
    public SubscriberStatus Status { get; private set; }
    public NewsletterInterests Interests { get; private set; }

    /// <summary>The municipality for <see cref="NewsletterInterests.LocalEvents"/>; null when that interest is not chosen.</summary>
    public int? MunicipalityCode { get; private set; }

    /// <summary>
    /// The secret in the subscriber's own links (/nyhedsbrev/dig/{token}, List-Unsubscribe): 256 random bits, not the id,
    /// so a link cannot be guessed from another. Unique; it never changes, so links in old mails keep working.
    /// </summary>
    public string Token { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    /// <summary>When the last confirmation or "already subscribed" mail was queued; unconfirmed rows expire counted from here.</summary>
    public DateTime? SignupMailSentAt { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }
    public DateTime? UnsubscribedAt { get; private set; }
    public DateTime? UndeliverableAt { get; private set; }

    /// <summary>Temporary delivery failures (full mailbox ...) reported since the subscriber last confirmed.</summary>
    public int SoftBounces { get; private set; }

    /// <summary>When a newsletter issue was last queued for this address (set by the dispatch).</summary>
    public DateTime? LastSentAt { get; private set; }

    public bool IsActive => Status == SubscriberStatus.Confirmed;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static Subscriber SignUp(string email, string? name, NewsletterInterests interests, int? municipalityCode, DateTime now)
    {
        var subscriber = new Subscriber
        {
            Id = Guid.CreateVersion7(now),
            Email = NormalizeEmail(email),
            Token = NewToken(),
            CreatedAt = now,
            Status = SubscriberStatus.Pending,
        };
        subscriber.Set(name, interests, municipalityCode);
        return subscriber;
    }

    /// <summary>
    /// The same address signed up again while not subscribed: the latest form wins (nothing was confirmed yet), and it
    /// waits for confirmation again. A confirmed subscriber changes choices on the own page, never through the public form.
    /// </summary>
    public void SignUpAgain(string? name, NewsletterInterests interests, int? municipalityCode)
    {
        if (Status == SubscriberStatus.Confirmed)
        {
            throw new SubscriberRuleException("Du er allerede tilmeldt; dine valg ændrer du på din egen side.");
        }

        Status = SubscriberStatus.Pending;
        UnsubscribedAt = null;
        UndeliverableAt = null;
        SoftBounces = 0;
        Set(name, interests, municipalityCode);
    }

    /// <summary>Whether a signup mail may be queued now (see <see cref="MailInterval"/>).</summary>
    public bool MayMail(DateTime now) => SignupMailSentAt is not { } last || now - last >= MailInterval;

    public void SignupMailQueued(DateTime now) => SignupMailSentAt = now;

    /// <summary>The confirmation link was used. Returns false when the address was already confirmed (the same link used twice).</summary>
    public bool Confirm(DateTime now)
    {
        switch (Status)
        {
            case SubscriberStatus.Confirmed:
                return false;
            case SubscriberStatus.Pending:
                Status = SubscriberStatus.Confirmed;
                ConfirmedAt = now;
                return true;
            default:
                throw new SubscriberRuleException("Du har afmeldt dig nyhedsbrevet, efter linket blev sendt. Vil du have det igen, så tilmeld dig på ny.");
        }
    }

    /// <summary>Interests, municipality and name changed on the own page.</summary>
    public void Change(string? name, NewsletterInterests interests, int? municipalityCode)
    {
        if (Status is not (SubscriberStatus.Confirmed or SubscriberStatus.Pending))
        {
            throw new SubscriberRuleException("Du er afmeldt nyhedsbrevet. Vil du have det igen, så tilmeld dig på ny.");
        }

        Set(name, interests, municipalityCode);
    }

    /// <summary>Withdraws consent. Returns false when nothing changed (already unsubscribed: one-click may come twice).</summary>
    /// <remarks>A pending signup is not unsubscribed but deleted by the caller: nothing was consented to, so nothing is kept.</remarks>
    public bool Unsubscribe(DateTime now)
    {
        if (Status is SubscriberStatus.Unsubscribed)
        {
            return false;
        }

        Status = SubscriberStatus.Unsubscribed;
        UnsubscribedAt = now;
        return true;
    }

    /// <summary>The dispatch learned that the address cannot receive mail (a permanent refusal).</summary>
    public void MarkUndeliverable(DateTime now)
    {
        if (Status == SubscriberStatus.Confirmed)
        {
            Status = SubscriberStatus.Undeliverable;
            UndeliverableAt = now;
        }
    }

    /// <summary>
    /// A delivery status notification came back for this address. A hard bounce ends the deliveries at once; soft ones
    /// do when <paramref name="softBouncesSinceConfirmed"/> (this one included, counted from the recorded bounces, so a
    /// notification read twice is not counted twice) reaches the limit: a mailbox that has been full for weeks is as
    /// good as gone. Returns true when this bounce made the address undeliverable.
    /// </summary>
    public bool Bounced(Bounces.BounceKind kind, int softBouncesSinceConfirmed, int softBounceLimit, DateTime now)
    {
        if (kind == Bounces.BounceKind.Soft)
        {
            SoftBounces = softBouncesSinceConfirmed;
        }

        if (Status != SubscriberStatus.Confirmed || (kind == Bounces.BounceKind.Soft && softBouncesSinceConfirmed < softBounceLimit))
        {
            return false;
        }

        MarkUndeliverable(now);
        return true;
    }

    /// <summary>The dispatch queued an issue for this address.</summary>
    public void IssueQueued(DateTime now)
    {
        if (!IsActive)
        {
            throw new SubscriberRuleException("Kun bekræftede abonnenter får nyhedsbrevet.");
        }

        LastSentAt = now;
    }

    /// <summary>When the cleanup deletes this row, or null while it is confirmed.</summary>
    public DateTime? DeleteAfter => Status switch
    {
        SubscriberStatus.Pending => (SignupMailSentAt ?? CreatedAt) + ConfirmationLifetime,
        SubscriberStatus.Unsubscribed => UnsubscribedAt + EndedRetention,
        SubscriberStatus.Undeliverable => UndeliverableAt + EndedRetention,
        _ => null,
    };

    private void Set(string? name, NewsletterInterests interests, int? municipalityCode)
    {
        if (interests == NewsletterInterests.None || (interests & ~(NewsletterInterests.Campaign | NewsletterInterests.LocalEvents | NewsletterInterests.Research)) != 0)
        {
            throw new SubscriberRuleException("Vælg mindst ét emne.");
        }

        if (interests.HasFlag(NewsletterInterests.LocalEvents) && (municipalityCode is not { } code || Places.Geography.Denmark.Municipality(code) is null))
        {
            throw new SubscriberRuleException("Vælg din kommune for at få arrangementer i din kommune.");
        }

        var trimmed = name?.Trim();
        if (trimmed is { Length: > NameMaxLength })
        {
            throw new SubscriberRuleException($"Navnet må højst være {NameMaxLength} tegn.");
        }

        Name = string.IsNullOrEmpty(trimmed) ? null : trimmed;
        Interests = interests;

        // Only kept while it is used: a municipality is personal data the other interests do not need.
        MunicipalityCode = interests.HasFlag(NewsletterInterests.LocalEvents) ? municipalityCode : null;
    }

    private static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> subscriber)
    {
        subscriber.ToTable("Subscribers");
        subscriber.HasKey(s => s.Id);
        subscriber.Property(s => s.Id).ValueGeneratedNever();
        subscriber.Property(s => s.Email).HasMaxLength(Subscriber.EmailMaxLength);
        subscriber.HasIndex(s => s.Email).IsUnique();
        subscriber.Property(s => s.Name).HasMaxLength(Subscriber.NameMaxLength);
        subscriber.Property(s => s.Token).HasMaxLength(64);
        subscriber.HasIndex(s => s.Token).IsUnique();
        subscriber.Ignore(s => s.IsActive);
        subscriber.Ignore(s => s.DeleteAfter);

        // The dispatch selects confirmed subscribers, the cleanup pending and ended ones.
        subscriber.HasIndex(s => s.Status);
        subscriber.HasMany<ConsentRecord>().WithOne().HasForeignKey(c => c.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}
