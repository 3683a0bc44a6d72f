using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Campaign.Web.Content.Blocks;

namespace Campaign.Web.Content;

/// <summary>What a version holds: property values by alias, and the page's blocks in order.</summary>
public sealed record ContentData
{
    public Dictionary<string, string> Properties { get; init; } = new(StringComparer.Ordinal);
    public List<Block> Blocks { get; init; } = [];

    public string? Get(string alias) => Properties.TryGetValue(alias, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

public static class ContentJson
{
    /// <summary>
    /// One set of options for the database, uSync files and tests, so a block round-trips the same everywhere.
    /// Danish letters are written as they are, which keeps uSync files readable in a diff.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true, IndentSize = 2 };

    public static string Serialize(ContentData data) => JsonSerializer.Serialize(data, Options);

    public static ContentData Deserialize(string json) =>
        JsonSerializer.Deserialize<ContentData>(json, Options) ?? throw new JsonException("Tomt indhold.");
}
