using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// What a subscriber consented to, when, where and when they confirmed it: the proof the data protection rules ask
/// for (consent must be demonstrable). Kept as long as the subscriber is, shown to them on their own page, deleted
/// with them. A signup adds one; choosing other interests on the own page adds another, so the history stays whole.
/// </summary>
/// <remarks>
/// No IP address is stored. Double opt-in already proves that the owner of the mailbox agreed, which an IP address
/// cannot; an IP would be one more piece of personal data to protect and delete, for no use the newsletter has.
/// </remarks>
public sealed class ConsentRecord
{
    public const int SourcePageMaxLength = 300;

    private ConsentRecord()
    {
    }

    public Guid Id { get; private set; }
    public Guid SubscriberId { get; private set; }

    /// <summary>The <see cref="ConsentText.Version"/> the form showed.</summary>
    public string TextVersion { get; private set; } = "";

    /// <summary>The wording itself, so the record proves itself even without the code that showed it.</summary>
    public string Text { get; private set; } = "";

    /// <summary>The topics consented to.</summary>
    public NewsletterInterests Interests { get; private set; }

    /// <summary>The site path of the page the form was on ("/nyhedsbrev", "/", "/faa-hjaelp").</summary>
    public string SourcePage { get; private set; } = "";

    public DateTime ConsentedAt { get; private set; }

    /// <summary>When the confirmation link was used; null while it waits. Consent counts only once confirmed.</summary>
    public DateTime? ConfirmedAt { get; private set; }

    public static ConsentRecord Given(Guid subscriberId, ConsentText text, NewsletterInterests interests, string sourcePage, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriberId = subscriberId,
        TextVersion = text.Version,
        Text = text.Text,
        Interests = interests,
        SourcePage = sourcePage.Length <= SourcePageMaxLength ? sourcePage : sourcePage[..SourcePageMaxLength],
        ConsentedAt = now,
    };

    /// <summary>Given through a page only the subscriber reaches (the own page's link in their mail): confirmed at once.</summary>
    public static ConsentRecord GivenConfirmed(Guid subscriberId, ConsentText text, NewsletterInterests interests, string sourcePage, DateTime now)
    {
        var record = Given(subscriberId, text, interests, sourcePage, now);
        record.ConfirmedAt = now;
        return record;
    }

    /// <summary>The same unconfirmed signup sent again: the latest form is what the link will confirm.</summary>
    public void Renew(ConsentText text, NewsletterInterests interests, string sourcePage, DateTime now)
    {
        if (ConfirmedAt is not null)
        {
            throw new SubscriberRuleException("A confirmed consent is history and is never changed.");
        }

        TextVersion = text.Version;
        Text = text.Text;
        Interests = interests;
        SourcePage = sourcePage.Length <= SourcePageMaxLength ? sourcePage : sourcePage[..SourcePageMaxLength];
        ConsentedAt = now;
    }

    public void Confirm(DateTime now) => ConfirmedAt ??= now;
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> record)
    {
        record.ToTable("ConsentRecords");
        record.HasKey(c => c.Id);
        record.Property(c => c.Id).ValueGeneratedNever();
        record.Property(c => c.TextVersion).HasMaxLength(20);
        record.Property(c => c.Text).HasMaxLength(4000);
        record.Property(c => c.SourcePage).HasMaxLength(ConsentRecord.SourcePageMaxLength);
        record.HasIndex(c => c.SubscriberId);
    }
}
