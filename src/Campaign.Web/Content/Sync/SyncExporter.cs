using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Campaign.Web.Data;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Content.Sync;

/// <summary>
/// Writes the content tree to uSync/content, one file per page, so it can be committed and imported elsewhere.
/// Deterministic: the same content gives byte-identical files (properties sorted, fixed indentation, LF line
/// ends), so a diff shows only real changes. Published pages are written as published; unpublished ones as drafts.
/// </summary>
public sealed class SyncExporter(CampaignDb db, SyncImporter importer, TimeProvider clock, ILogger<SyncExporter> log)
{
    public sealed record ExportReport(int Written, int Unchanged, int Removed, string Folder);

    public async Task<ExportReport> ExportAsync(CancellationToken ct = default)
    {
        var folder = importer.ContentFolder;
        Directory.CreateDirectory(folder);
        var nodes = await db.ContentNodes.AsNoTracking().Include(n => n.Versions).Where(n => !n.IsTrashed).ToListAsync(ct);
        var byId = nodes.ToDictionary(n => n.Id);
        var records = await db.SyncItems.ToDictionaryAsync(i => i.Key, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        int written = 0, unchanged = 0;
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.OrderBy(n => FileName(n, byId), StringComparer.Ordinal))
        {
            var version = node.Published ?? node.Current;
            if (version is null)
            {
                continue;
            }

            var data = version.ReadData();
            var file = new SyncFile
            {
                Key = node.Id,
                Parent = node.ParentId,
                ContentType = node.ContentType,
                Name = version.Name,
                SortOrder = node.SortOrder,
                Published = node.IsPublished,
                Properties = new Dictionary<string, string>(data.Properties.OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal),
                Blocks = data.Blocks,
            };
            var text = JsonSerializer.Serialize(file, ContentJson.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
            var name = FileName(node, byId);
            var path = Path.Combine(folder, name);
            keep.Add(name);
            if (File.Exists(path) && (await File.ReadAllTextAsync(path, ct)).Replace("\r\n", "\n", StringComparison.Ordinal) == text)
            {
                unchanged++;
            }
            else
            {
                await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
                written++;
            }

            // The file now says what the database says: a later import must not see it as "edited since".
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (records.TryGetValue(node.Id, out var record))
            {
                record.Update(name, hash, node.Revision, now);
            }
            else
            {
                db.SyncItems.Add(SyncItem.Record(node.Id, name, hash, node.Revision, now));
            }
        }

        var removed = 0;
        foreach (var stale in Directory.GetFiles(folder, "*.json").Where(f => !keep.Contains(Path.GetFileName(f))))
        {
            File.Delete(stale);
            removed++;
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("uSync export to {Folder}: {Written} written, {Unchanged} unchanged, {Removed} removed", folder, written, unchanged, removed);
        return new ExportReport(written, unchanged, removed, folder);
    }

    /// <summary>"forside.json", "nyheder.json", "nyheder--ny-kampagne.json": the page's path below the home page.</summary>
    private static string FileName(ContentNode node, IReadOnlyDictionary<Guid, ContentNode> byId)
    {
        var segments = new List<string>();
        for (var current = node; current is not null; current = current.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
        {
            if (current.ParentId is null)
            {
                break;
            }

            segments.Insert(0, current.Segment);
        }

        return (segments.Count == 0 ? UrlSegment.From(node.Name) : string.Join("--", segments)) + ".json";
    }
}
