using Campaign.Web.Data;
using Campaign.Web.Features.BackOffice;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Content;

/// <summary>What became of "Gem og udgiv".</summary>
public enum PublishOutcome
{
    Published,

    /// <summary>The draft was saved, but it breaks a rule for what may go live (a required field is empty).</summary>
    SavedNotPublished,

    /// <summary>Nothing was changed and the page is live as it is.</summary>
    AlreadyLive,
}

public sealed record PublishResult(ContentNode Node, PublishOutcome Outcome, IReadOnlyList<string> Errors);

/// <summary>
/// Every change to the content tree that a person (or the scheduler acting for one) makes, each one unit of work: the
/// change from <see cref="ContentService"/> and its audit entry are saved together by one SaveChanges, and only after
/// that commit is the published cache rebuilt, when what is published changed. A page calls one method per action.
/// A refused command throws a <see cref="ContentException"/> with a Danish message and saves nothing.
/// </summary>
public sealed class ContentCommands(CampaignDb db, ContentService content, PublishedContentCache cache, TimeProvider clock)
{
    private const string ItemType = "Side";

    public async Task<ContentNode> CreateAsync(Guid? parentId, string contentType, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var node = await content.CreateAsync(parentId, contentType, name, data, by, ct: ct);
        Audit(by, "Oprettede side", node.Id, node.Name);
        await CommitAsync(publishedChanged: false, ct);
        return node;
    }

    /// <summary>Saves a draft; returns false when nothing had changed (then no version is added and nothing is logged).</summary>
    public async Task<(ContentNode Node, bool Changed)> SaveDraftAsync(Guid id, int expectedRevision, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var (node, version) = await content.SaveDraftAsync(id, expectedRevision, name, data, by, ct);
        if (version is not null)
        {
            Audit(by, "Gemte kladde", id, version.Name);
        }

        await CommitAsync(publishedChanged: false, ct);
        return (node, version is not null);
    }

    /// <summary>
    /// "Gem og udgiv": saves the draft and publishes it. A draft that may be saved but not published (a required field
    /// is empty) is still saved, with its audit entry, and the reasons come back: what the editor typed is never lost.
    /// </summary>
    public async Task<PublishResult> SaveAndPublishAsync(Guid id, int expectedRevision, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var (node, version) = await content.SaveDraftAsync(id, expectedRevision, name, data, by, ct);
        if (version is not null)
        {
            Audit(by, "Gemte kladde", id, version.Name);
        }
        else if (node.DraftVersionId is null && node.IsPublished)
        {
            return new PublishResult(node, PublishOutcome.AlreadyLive, []);
        }

        IReadOnlyList<string> errors = [];
        try
        {
            await content.PublishAsync(id, by, ct);
            Audit(by, "Udgav side", id, node.Name);
        }
        catch (ContentValidationException e)
        {
            errors = e.Errors;
        }

        await CommitAsync(publishedChanged: errors.Count == 0, ct);
        return new PublishResult(node, errors.Count == 0 ? PublishOutcome.Published : PublishOutcome.SavedNotPublished, errors);
    }

    /// <summary>Publishes the current draft as it is (the scheduler, tests); <paramref name="audit"/> names the action in the log.</summary>
    public async Task<ContentNode> PublishAsync(Guid id, string by, string audit = "Udgav side", CancellationToken ct = default)
    {
        var node = await content.PublishAsync(id, by, ct);
        Audit(by, audit, id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    /// <summary>Creates a page and publishes it at once, in one unit of work (the tests' builders, imports).</summary>
    public async Task<ContentNode> CreateAndPublishAsync(Guid? parentId, string contentType, string name, ContentData data, string by, CancellationToken ct = default)
    {
        var node = await content.CreateAsync(parentId, contentType, name, data, by, ct: ct);
        Audit(by, "Oprettede side", node.Id, node.Name);
        await content.PublishAsync(node.Id, by, ct);
        Audit(by, "Udgav side", node.Id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    public async Task<ContentNode> UnpublishAsync(Guid id, string by, string audit = "Afpublicerede side", CancellationToken ct = default)
    {
        var node = await content.UnpublishAsync(id, by, ct);
        Audit(by, audit, id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    public async Task MoveAsync(Guid id, Guid newParentId, int sortOrder, string by, CancellationToken ct = default)
    {
        await content.MoveAsync(id, newParentId, sortOrder, by, ct);
        var node = await content.LoadAsync(id, ct);
        Audit(by, "Flyttede side", id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
    }

    /// <summary>Drag and drop in the tree, or the move page: under <paramref name="parentId"/> at <paramref name="index"/>.</summary>
    public async Task<ContentNode> PlaceAsync(Guid id, Guid parentId, int index, string by, CancellationToken ct = default)
    {
        var moving = (await content.LoadAsync(id, ct)).ParentId != parentId;
        var node = await content.PlaceAsync(id, parentId, index, by, ct);
        Audit(by, moving ? "Flyttede side" : "Ændrede rækkefølge", id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    /// <summary>"Op" and "Ned" in the tree.</summary>
    public async Task<ContentNode> ShiftAsync(Guid id, int delta, string by, CancellationToken ct = default)
    {
        var node = await content.ShiftAsync(id, delta, by, ct);
        Audit(by, "Ændrede rækkefølge", id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    /// <summary>A new page from a template: its type, properties and blocks, under a parent that allows the type.</summary>
    public async Task<ContentNode> CreateFromTemplateAsync(Guid parentId, Features.BackOffice.Templates.ContentTemplate template, string name, string by, CancellationToken ct = default)
    {
        var node = await content.CreateAsync(parentId, template.ContentType, name, template.ReadData(), by, ct: ct);
        Audit(by, "Oprettede side", node.Id, $"{node.Name} (fra skabelonen \"{template.Name}\")");
        await CommitAsync(publishedChanged: false, ct);
        return node;
    }

    public async Task<ContentNode> CopyAsync(Guid id, string by, CancellationToken ct = default)
    {
        var copy = await content.CopyAsync(id, by, ct);
        Audit(by, "Kopierede side", copy.Id, copy.Name);
        await CommitAsync(publishedChanged: false, ct);
        return copy;
    }

    public async Task<ContentNode> TrashAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await content.TrashAsync(id, by, ct);
        Audit(by, "Flyttede side til papirkurven", id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    public async Task<ContentNode> RestoreAsync(Guid id, string by, CancellationToken ct = default)
    {
        var node = await content.RestoreAsync(id, by, ct);
        Audit(by, "Gendannede side fra papirkurven", id, node.Name);
        await CommitAsync(publishedChanged: true, ct);
        return node;
    }

    /// <summary>Version <paramref name="number"/> as a new draft; the live page stays as it is until someone publishes.</summary>
    public async Task<ContentNode> RollbackAsync(Guid id, int expectedRevision, int number, string by, CancellationToken ct = default)
    {
        var node = await content.LoadAsync(id, ct);
        var version = node.Versions.SingleOrDefault(v => v.Number == number) ?? throw new ContentRuleException($"Version {number} findes ikke.");
        if (node.IsTrashed)
        {
            throw new ContentRuleException("Siden ligger i papirkurven. Gendan den under Værktøjer, før du henter en gammel version frem.");
        }

        await content.SaveDraftAsync(id, expectedRevision, version.Name, version.ReadData(), by, ct);
        Audit(by, $"Gendannede version {number} som kladde", id, version.Name);
        await CommitAsync(publishedChanged: false, ct);
        return node;
    }

    private void Audit(string by, string action, Guid id, string details) =>
        db.Record(by, action, ItemType, id, clock.GetUtcNow().UtcDateTime, details);

    /// <summary>The one SaveChanges of a command; the published cache is rebuilt only once the change is committed.</summary>
    private async Task CommitAsync(bool publishedChanged, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e) when (e.Entries.FirstOrDefault(x => x.Entity is ContentNode) is { } entry)
        {
            // Say who really changed the page: the stored row, not the values this command tried to write.
            var stored = await entry.GetDatabaseValuesAsync(ct);
            var node = (ContentNode)entry.Entity;
            throw new ContentConflictException(
                stored?.GetValue<string>(nameof(ContentNode.Name)) ?? node.Name,
                stored?.GetValue<string>(nameof(ContentNode.UpdatedBy)) ?? "en anden",
                stored?.GetValue<DateTime>(nameof(ContentNode.UpdatedAt)) ?? node.UpdatedAt);
        }

        if (publishedChanged)
        {
            await cache.RefreshAsync(ct);
        }
    }
}
