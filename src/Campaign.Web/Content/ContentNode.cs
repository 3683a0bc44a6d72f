using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Content;

/// <summary>
/// A page in the content tree. Its property values and blocks live in versions; at most one version is
/// published (what the public sees) and at most one is the draft (what editors work on).
/// </summary>
public sealed class ContentNode
{
    private ContentNode()
    {
    }

    public Guid Id { get; private set; }
    public Guid? ParentId { get; private set; }
    public int SortOrder { get; private set; }
    public string ContentType { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Segment { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public bool IsTrashed { get; private set; }
    public Guid? PublishedVersionId { get; private set; }
    public Guid? DraftVersionId { get; private set; }

    /// <summary>Raised by every change; a save that started from an older revision is refused.</summary>
    public int Revision { get; private set; }

    public List<ContentVersion> Versions { get; private set; } = [];

    public bool IsPublished => PublishedVersionId is not null;

    public static ContentNode Create(Guid id, Guid? parentId, ContentType type, string name, string segment, int sortOrder, string by, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(segment);
        return new ContentNode
        {
            Id = id,
            ParentId = parentId,
            ContentType = type.Alias,
            Name = name.Trim(),
            Segment = segment,
            SortOrder = sortOrder,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = by,
        };
    }

    /// <summary>
    /// Saves a new draft version; the published version, if any, stays live untouched. Returns null when the name and
    /// content are those of the version the editor started from: pressing save or preview again adds no version.
    /// </summary>
    public ContentVersion? SaveDraft(string name, ContentData data, string by, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Setup.PlainText.HasControlCharacters(name))
        {
            throw new ContentRuleException($"Sidens navn: {Setup.PlainText.SingleLineMessage}");
        }

        if (IsTrashed)
        {
            throw new ContentRuleException("En side i papirkurven kan ikke redigeres. Gendan den først.");
        }

        if (Current is { } current && current.Name == name.Trim() && current.Data == ContentJson.Serialize(data))
        {
            return null;
        }

        var version = ContentVersion.Create(this, Versions.Count == 0 ? 1 : Versions.Max(v => v.Number) + 1, name.Trim(), data, by, now);
        Versions.Add(version);
        DraftVersionId = version.Id;
        Name = name.Trim();
        Touch(by, now);
        return version;
    }

    /// <summary>Makes the current draft the published version.</summary>
    public ContentVersion Publish(string by, DateTime now)
    {
        if (IsTrashed)
        {
            throw new ContentRuleException("En side i papirkurven kan ikke udgives.");
        }

        var draft = DraftVersionId is { } draftId
            ? Versions.Single(v => v.Id == draftId)
            : throw new ContentRuleException("Der er ingen kladde at udgive.");

        draft.MarkPublished(by, now);
        PublishedVersionId = draft.Id;
        DraftVersionId = null;
        Touch(by, now);
        return draft;
    }

    public void Unpublish(string by, DateTime now)
    {
        if (PublishedVersionId is null)
        {
            throw new ContentRuleException("Siden er ikke udgivet.");
        }

        // Keep what was live as the draft so nothing is lost.
        DraftVersionId ??= PublishedVersionId;
        PublishedVersionId = null;
        Touch(by, now);
    }

    public ContentVersion? Published => Versions.SingleOrDefault(v => v.Id == PublishedVersionId);
    public ContentVersion? Draft => Versions.SingleOrDefault(v => v.Id == DraftVersionId);

    /// <summary>The version an editor starts from: the draft if there is one, else what is live.</summary>
    public ContentVersion? Current => Draft ?? Published;

    public void MoveTo(Guid? parentId, int sortOrder, string segment, string by, DateTime now)
    {
        if (parentId == Id)
        {
            throw new ContentRuleException("En side kan ikke flyttes ind under sig selv.");
        }

        ParentId = parentId;
        SortOrder = sortOrder;
        Segment = segment;
        Touch(by, now);
    }

    /// <summary>
    /// Its place among its siblings. Not a change to the page, so the revision stays: reordering the tree never turns
    /// the save of someone editing a sibling into a conflict.
    /// </summary>
    public void PlaceAt(int sortOrder) => SortOrder = Math.Max(0, sortOrder);

    /// <summary>Into the recycle bin: off the site at once, restorable with everything it had.</summary>
    public void MoveToTrash(string by, DateTime now)
    {
        if (ParentId is null)
        {
            throw new ContentRuleException("Forsiden kan ikke slettes.");
        }

        IsTrashed = true;
        Touch(by, now);
    }

    /// <summary>
    /// Out of the recycle bin as an unpublished draft: anyone on staff may restore, but only those with publish
    /// rights may put the page live again, so restoring never publishes. What was live becomes the draft unless
    /// a newer draft exists.
    /// </summary>
    public void Restore(string by, DateTime now)
    {
        IsTrashed = false;
        DraftVersionId ??= PublishedVersionId;
        PublishedVersionId = null;
        Touch(by, now);
    }

    /// <summary>Refuses a save based on an older revision than the one stored: two editors never overwrite each other silently.</summary>
    public void EnsureRevision(int expected)
    {
        if (expected != Revision)
        {
            throw new ContentConflictException(Name, UpdatedBy, UpdatedAt);
        }
    }

    private void Touch(string by, DateTime now)
    {
        UpdatedAt = now;
        UpdatedBy = by;
        Revision++;
    }
}

internal sealed class ContentNodeConfiguration : IEntityTypeConfiguration<ContentNode>
{
    public void Configure(EntityTypeBuilder<ContentNode> node)
    {
        node.ToTable("ContentNodes");
        node.HasKey(n => n.Id);
        node.Property(n => n.Id).ValueGeneratedNever();
        node.Property(n => n.ContentType).HasMaxLength(64);
        node.Property(n => n.Name).HasMaxLength(200);
        node.Property(n => n.Segment).HasMaxLength(200);
        node.Property(n => n.UpdatedBy).HasMaxLength(256);
        node.Property(n => n.Revision).IsConcurrencyToken();
        node.HasIndex(n => n.ParentId);
        node.HasMany(n => n.Versions).WithOne().HasForeignKey(v => v.NodeId).OnDelete(DeleteBehavior.Cascade);
        node.Ignore(n => n.IsPublished);
        node.Ignore(n => n.Published);
        node.Ignore(n => n.Draft);
        node.Ignore(n => n.Current);
    }
}
