using System.ComponentModel.DataAnnotations;
using Campaign.Web.Data;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Content.Sync;

public sealed class SyncOptions : IValidatableObject
{
    public const string Section = "uSync";

    /// <summary>The uSync folder; empty means uSync/ at the repository root, or next to the binaries when published.</summary>
    public string? Folder { get; set; }

    /// <summary>Import uSync/content at every start; off, a node starts with what the database holds.</summary>
    public bool ImportAtStart { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Folder is { Length: > 0 } folder && folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return new ValidationResult($"uSync:Folder must be a folder path (it is \"{folder}\").", [nameof(Folder)]);
        }
    }
}

public sealed record SyncReport(int Created, int Updated, int Unchanged, IReadOnlyList<string> Kept);

/// <summary>
/// Imports uSync/content/*.json. Idempotent: an item is matched by its key, a file whose hash has not
/// changed is skipped, a changed file updates its node only if no one edited the node since the last
/// import. Otherwise the database wins and a warning names the file, at every import, until it is re-exported.
/// </summary>
public sealed class SyncImporter(CampaignDb db, ContentService content, PublishedContentCache cache, IOptions<SyncOptions> options, TimeProvider clock, ILogger<SyncImporter> log)
{
    public const string User = "uSync";

    public string ContentFolder => Path.Combine(options.Value.Folder is { Length: > 0 } folder ? folder : Setup.RepositoryPaths.Find("uSync"), "content");

    public async Task<SyncReport> ImportAsync(CancellationToken ct = default)
    {
        if (!Directory.Exists(ContentFolder))
        {
            log.LogWarning("uSync folder {Folder} does not exist; nothing imported", ContentFolder);
            return new SyncReport(0, 0, 0, []);
        }

        var files = Directory.GetFiles(ContentFolder, "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Item: SyncFile.Read(path)))
            .ToList();
        var duplicate = files.GroupBy(f => f.Item.File.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"uSync key {duplicate.Key} is used by more than one file: {string.Join(", ", duplicate.Select(f => f.Path))}");
        }

        int created = 0, updated = 0, unchanged = 0;
        var kept = new List<string>();
        foreach (var (path, (file, hash)) in ParentsFirst(files))
        {
            var name = Path.GetRelativePath(ContentFolder, path);
            var record = await db.SyncItems.SingleOrDefaultAsync(i => i.Key == file.Key, ct);
            if (record?.Hash == hash)
            {
                unchanged++;
                continue;
            }

            // One file is one unit of work: the page, its publication and the import record are saved together.
            var node = await db.ContentNodes.Include(n => n.Versions).SingleOrDefaultAsync(n => n.Id == file.Key, ct);
            if (node is null)
            {
                node = await content.CreateAsync(file.Parent, file.ContentType, file.Name, file.ToData(), User, file.Key, file.SortOrder, ct);
                created++;
            }
            else if (record is not null && record.NodeRevision == node.Revision)
            {
                (node, _) = await content.SaveDraftAsync(node.Id, node.Revision, file.Name, file.ToData(), User, ct);
                updated++;
            }
            else
            {
                kept.Add(name);
                log.LogWarning("uSync file {File} differs from the page \"{Name}\", which was edited in the back office since the last import; the database version is kept. Export from the back office to bring the file up to date.", name, node.Name);
                continue;
            }

            // Published through the same rules as in the back office: validation, and 301s when a live page is renamed.
            if (file.Published && node.DraftVersionId is not null)
            {
                try
                {
                    await content.PublishAsync(node.Id, User, ct);
                }
                catch (ContentValidationException e)
                {
                    log.LogWarning("uSync file {File} is marked as published, but the page cannot go live; it is imported as a draft: {Reason}", name, e.Message);
                }
            }
            else if (!file.Published && node.IsPublished)
            {
                await content.UnpublishAsync(node.Id, User, ct);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (record is null)
            {
                db.SyncItems.Add(SyncItem.Record(file.Key, name, hash, node.Revision, now));
            }
            else
            {
                record.Update(name, hash, node.Revision, now);
            }

            await db.SaveChangesAsync(ct);
        }

        if (created + updated > 0)
        {
            await cache.RefreshAsync(ct);
        }

        log.LogInformation("uSync import: {Created} created, {Updated} updated, {Unchanged} unchanged, {Kept} kept from the database",
            created, updated, unchanged, kept.Count);
        return new SyncReport(created, updated, unchanged, kept);
    }

    /// <summary>Orders files so a parent is always imported before its children.</summary>
    private static IEnumerable<(string Path, (SyncFile File, string Hash) Item)> ParentsFirst(List<(string Path, (SyncFile File, string Hash) Item)> files)
    {
        var byKey = files.ToDictionary(f => f.Item.File.Key);
        int Depth((string Path, (SyncFile File, string Hash) Item) f)
        {
            var depth = 0;
            for (var parent = f.Item.File.Parent; parent is { } p && byKey.TryGetValue(p, out var next) && depth < 64; parent = next.Item.File.Parent)
            {
                depth++;
            }

            return depth;
        }

        return files.OrderBy(Depth).ThenBy(f => f.Item.File.SortOrder);
    }
}
