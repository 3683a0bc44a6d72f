using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    private sealed record Set(int Version, JsonSerializerOptions Options, JsonSerializerOptions Indented);

    private static Set? _current;

    /// <summary>
    /// One set of options for the database, uSync files and tests, so a block round-trips the same everywhere.
    /// Danish letters are written as they are, which keeps uSync files readable in a diff. The block types come
    /// from <see cref="BlockTypes"/>; options cache what they have seen, so a registration made later gets new ones.
    /// </summary>
    public static JsonSerializerOptions Options => Current().Options;

    public static JsonSerializerOptions Indented => Current().Indented;

    public static string Serialize(ContentData data) => JsonSerializer.Serialize(data, Options);

    public static ContentData Deserialize(string json) =>
        JsonSerializer.Deserialize<ContentData>(json, Options) ?? throw new JsonException("Tomt indhold.");

    private static Set Current()
    {
        var version = BlockTypes.Version;
        if (_current is { } current && current.Version == version)
        {
            return current;
        }

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { BlockTypes.AddPolymorphism } },
        };
        options.MakeReadOnly();
        var indented = new JsonSerializerOptions(options) { WriteIndented = true, IndentSize = 2 };
        indented.MakeReadOnly();
        return _current = new Set(version, options, indented);
    }
}
