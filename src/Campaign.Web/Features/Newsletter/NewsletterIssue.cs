using System.Globalization;
using System.Text.Json;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Newsletter;

public enum IssueStatus
{
    Draft = 0,

    /// <summary>Waits for <see cref="NewsletterIssue.ScheduledAt"/>; the dispatcher starts it then.</summary>
    Scheduled = 1,

    /// <summary>The dispatcher queues it to the segment, or waits for the outbox to finish sending it.</summary>
    Sending = 2,

    /// <summary>Everything queued was sent or given up.</summary>
    Sent = 3,
}

/// <summary>A wrong move on an issue (editing one that is being sent ...), refused by the entity.</summary>
public sealed class IssueRuleException(string message) : InvalidOperationException(message);

/// <summary>
/// One newsletter: a subject, blocks (as on a page) and a segment (interests, municipalities). Composed as a draft,
/// then sent now or scheduled. <see cref="IssueDispatcher"/> queues one mail per subscriber in the segment through the
/// outbox, keyed by <see cref="NewsletterMails.IssueKey"/>, which makes a second copy impossible.
/// </summary>
public sealed class NewsletterIssue
{
    public const int SubjectMaxLength = 200;

    private NewsletterIssue()
    {
    }

    public Guid Id { get; private set; }
    public string Subject { get; private set; } = "";

    /// <summary>The blocks as JSON (<see cref="ContentJson"/>), so a block is stored as on a page.</summary>
    public string BlocksJson { get; private set; } = "[]";

    /// <summary>Subscribers with any of these interests get the issue; None means every confirmed subscriber.</summary>
    public NewsletterInterests Interests { get; private set; }

    /// <summary>Comma-separated municipality codes; empty means all. A subscriber without a municipality is then left out.</summary>
    public string MunicipalityCodes { get; private set; } = "";

    public IssueStatus Status { get; private set; }
    public DateTime? ScheduledAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    /// <summary>
    /// The site address for the links in the mails, taken when send is pressed since the dispatch runs outside any
    /// request: Site:BaseUrl (only in Development without it, the address the editor used).
    /// </summary>
    public string LinkBase { get; private set; } = "";

    /// <summary>Who pressed send (or schedule).</summary>
    public string? SentBy { get; private set; }

    public DateTime? StartedAt { get; private set; }

    /// <summary>When the last recipient was queued; from then on the dispatcher only waits for the outbox.</summary>
    public DateTime? QueuedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>How many recipients the segment held when the dispatch (last) took stock.</summary>
    public int Recipients { get; private set; }

    /// <summary>How many mails were queued, counted in the same transaction as the mails.</summary>
    public int Queued { get; private set; }

    /// <summary>Raised on every edit; a save based on an older revision is refused.</summary>
    public int Revision { get; private set; }

    /// <summary>The node queueing the issue right now, so only one node does it and the rate holds; expires when that node dies.</summary>
    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }

    public static NewsletterIssue Create(string subject, string editor, DateTime now)
    {
        var issue = new NewsletterIssue { Id = Guid.CreateVersion7(now), CreatedBy = editor, CreatedAt = now, Status = IssueStatus.Draft };
        issue.Edit(subject, [], NewsletterInterests.None, [], editor, now);
        return issue;
    }

    public IReadOnlyList<Block> ReadBlocks() => JsonSerializer.Deserialize<List<Block>>(BlocksJson, ContentJson.Options) ?? [];

    public IReadOnlyList<int> ReadMunicipalityCodes() =>
        MunicipalityCodes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();

    public bool IsEditable => Status is IssueStatus.Draft or IssueStatus.Scheduled;

    /// <summary>Saves what the composer holds. A scheduled issue may still be changed; one being sent may not.</summary>
    public void Edit(string subject, IReadOnlyList<Block> blocks, NewsletterInterests interests, IReadOnlyCollection<int> municipalities, string editor, DateTime now)
    {
        if (!IsEditable)
        {
            throw new IssueRuleException("Nyhedsbrevet er sendt eller ved at blive sendt og kan ikke ændres.");
        }

        var trimmed = subject.Trim();
        if (trimmed.Length == 0 || trimmed.Length > SubjectMaxLength || trimmed.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new IssueRuleException($"Skriv en emnelinje på højst {SubjectMaxLength} tegn.");
        }

        if ((interests & ~(NewsletterInterests.Campaign | NewsletterInterests.LocalEvents | NewsletterInterests.Research)) != 0)
        {
            throw new IssueRuleException("Ukendt emne.");
        }

        if (municipalities.FirstOrDefault(c => Places.Geography.Denmark.Municipality(c) is null) is not 0 and var unknown)
        {
            throw new IssueRuleException($"Kommunekoden {unknown} findes ikke.");
        }

        if (blocks.FirstOrDefault(b => !BlockTypes.Of(b.GetType()).InNewsletter) is { } misplaced)
        {
            throw new IssueRuleException($"Blokken \"{misplaced.BlockName()}\" kan ikke bruges i et nyhedsbrev.");
        }

        Subject = trimmed;
        BlocksJson = JsonSerializer.Serialize(blocks.ToList(), ContentJson.Options);
        Interests = interests;
        MunicipalityCodes = string.Join(",", municipalities.Distinct().Order().Select(c => c.ToString(CultureInfo.InvariantCulture)));
        UpdatedBy = editor;
        UpdatedAt = now;
        Revision++;
    }

    /// <summary>Problems that stop the issue from going out (empty blocks, invalid blocks).</summary>
    public IReadOnlyList<string> ReadyProblems()
    {
        var blocks = ReadBlocks();
        var problems = new List<string>();
        if (blocks.Count == 0)
        {
            problems.Add("Tilføj mindst én blok.");
        }

        problems.AddRange(blocks.SelectMany((b, i) => b.Validate().Select(m => $"Blok {i + 1} ({b.BlockName()}): {m}")));
        return problems;
    }

    /// <summary>Sends now: the dispatcher picks it up at its next poll.</summary>
    public void SendNow(string editor, string linkBase, DateTime now)
    {
        EnsureReady();
        LinkBase = linkBase;
        Status = IssueStatus.Sending;
        SentBy = editor;
        StartedAt = now;
        ScheduledAt = null;
        Revision++;
    }

    /// <summary>Starts a scheduled issue whose time has come.</summary>
    public void Start(DateTime now)
    {
        if (Status == IssueStatus.Scheduled)
        {
            Status = IssueStatus.Sending;
            StartedAt = now;
        }
    }

    public void Schedule(DateTime atUtc, string editor, string linkBase, DateTime now)
    {
        EnsureReady();
        LinkBase = linkBase;
        if (atUtc <= now)
        {
            throw new IssueRuleException("Tidspunktet er allerede passeret. Vælg et senere tidspunkt, eller send nu.");
        }

        Status = IssueStatus.Scheduled;
        ScheduledAt = atUtc;
        SentBy = editor;
        Revision++;
    }

    /// <summary>Takes a scheduled issue back to a draft.</summary>
    public void Unschedule(DateTime now)
    {
        if (Status != IssueStatus.Scheduled)
        {
            throw new IssueRuleException("Nyhedsbrevet er ikke planlagt.");
        }

        Status = IssueStatus.Draft;
        ScheduledAt = null;
        UpdatedAt = now;
        Revision++;
    }

    /// <summary>The dispatcher took stock of the segment: this many were queued before, this many remain.</summary>
    public void Counted(int remaining) => Recipients = Queued + remaining;

    /// <summary>The dispatcher queued a batch (in the same transaction as its mails), and holds its lease a while longer.</summary>
    public void BatchQueued(int count, DateTime leaseUntil)
    {
        Queued += count;
        LeaseUntil = leaseUntil;
    }

    public void AllQueued(DateTime now) => QueuedAt ??= now;

    /// <summary>Nothing of the issue waits in the outbox any longer.</summary>
    public void Finished(DateTime now)
    {
        Status = IssueStatus.Sent;
        FinishedAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    private void EnsureReady()
    {
        if (!IsEditable)
        {
            throw new IssueRuleException("Nyhedsbrevet er allerede sendt eller ved at blive sendt.");
        }

        if (ReadyProblems() is { Count: > 0 } problems)
        {
            throw new IssueRuleException(string.Join(" ", problems));
        }
    }
}

/// <summary>The status in Danish, for the back office.</summary>
public static class IssueStatusNames
{
    public static string Name(IssueStatus status) => status switch
    {
        IssueStatus.Draft => "Kladde",
        IssueStatus.Scheduled => "Planlagt",
        IssueStatus.Sending => "Sendes",
        IssueStatus.Sent => "Sendt",
        _ => status.ToString(),
    };
}

internal sealed class NewsletterIssueConfiguration : IEntityTypeConfiguration<NewsletterIssue>
{
    public void Configure(EntityTypeBuilder<NewsletterIssue> issue)
    {
        issue.ToTable("NewsletterIssues");
        issue.HasKey(i => i.Id);
        issue.Property(i => i.Id).ValueGeneratedNever();
        issue.Property(i => i.Subject).HasMaxLength(NewsletterIssue.SubjectMaxLength);
        issue.Property(i => i.MunicipalityCodes).HasMaxLength(1000);
        issue.Property(i => i.CreatedBy).HasMaxLength(256);
        issue.Property(i => i.UpdatedBy).HasMaxLength(256);
        issue.Property(i => i.SentBy).HasMaxLength(256);
        issue.Property(i => i.LinkBase).HasMaxLength(200);
        issue.Property(i => i.LeaseOwner).HasMaxLength(64);
        issue.Ignore(i => i.IsEditable);

        // Two editors saving the same draft, and a dispatcher whose lease ran out and was taken over: the later save is refused.
        issue.Property(i => i.Revision).IsConcurrencyToken();
        issue.Property(i => i.LeaseOwner).IsConcurrencyToken();

        // The dispatcher looks for scheduled issues that are due and for issues being sent.
        issue.HasIndex(i => new { i.Status, i.ScheduledAt });
    }
}
