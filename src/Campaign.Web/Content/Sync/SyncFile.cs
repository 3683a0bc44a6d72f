using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Campaign.Web.Content.Blocks;

namespace Campaign.Web.Content.Sync;

/// <summary>One node as a uSync file: uSync/content/{path}.json, keyed by a GUID that never changes.</summary>
public sealed record SyncFile
{
    public required Guid Key { get; init; }
    public Guid? Parent { get; init; }
    public required string ContentType { get; init; }
    public required string Name { get; init; }
    public int SortOrder { get; init; }
    public bool Published { get; init; } = true;
    public Dictionary<string, string> Properties { get; init; } = new(StringComparer.Ordinal);
    public List<Block> Blocks { get; init; } = [];

    public ContentData ToData() => new() { Properties = new(Properties, StringComparer.Ordinal), Blocks = [.. Blocks] };

    public static (SyncFile File, string Hash) Read(string path)
    {
        // Hash the text with normalised line endings so a checkout on Windows does not look like a change.
        var text = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
        try
        {
            var file = JsonSerializer.Deserialize<SyncFile>(text, ContentJson.Options)
                ?? throw new JsonException("The file is empty.");
            return (file, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"uSync file {path} cannot be read: {e.Message}", e);
        }
    }
}
