using Campaign.Web.Data;
using Campaign.Web.Shared;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Media;

/// <summary>All folders of the library, read once per request: there are tens of them, not thousands.</summary>
public sealed class MediaFolderTree
{
    private readonly Dictionary<Guid, MediaFolder> _byId;
    private readonly ILookup<Guid?, MediaFolder> _byParent;

    private MediaFolderTree(IReadOnlyList<MediaFolder> folders)
    {
        _byId = folders.ToDictionary(f => f.Id);
        _byParent = folders.OrderBy(f => f.Name, StringComparer.Create(Danish.Culture, ignoreCase: true)).ToLookup(f => f.ParentId);
    }

    public static async Task<MediaFolderTree> LoadAsync(CampaignDb db, CancellationToken ct) =>
        new(await db.MediaFolders.AsNoTracking().ToListAsync(ct));

    public MediaFolder? Find(Guid? id) => id is { } key ? _byId.GetValueOrDefault(key) : null;

    public IEnumerable<MediaFolder> Children(Guid? parentId) => _byParent[parentId];

    /// <summary>The folders from the top level down to <paramref name="id"/>, inclusive.</summary>
    public IReadOnlyList<MediaFolder> PathTo(Guid? id)
    {
        var path = new List<MediaFolder>();
        for (var folder = Find(id); folder is not null && path.Count < 50; folder = Find(folder.ParentId))
        {
            path.Insert(0, folder);
        }

        return path;
    }

    /// <summary>Every folder in tree order with its depth, for a select.</summary>
    public IReadOnlyList<(MediaFolder Folder, int Depth)> Flatten()
    {
        var rows = new List<(MediaFolder, int)>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var folder in Children(parent))
            {
                rows.Add((folder, depth));
                if (depth < 50)
                {
                    Walk(folder.Id, depth + 1);
                }
            }
        }

        Walk(null, 0);
        return rows;
    }
}
