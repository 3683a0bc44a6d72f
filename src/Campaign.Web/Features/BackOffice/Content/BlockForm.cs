using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Campaign.Web.Content;
using Campaign.Web.Content.Blocks;

namespace Campaign.Web.Features.BackOffice.Content;

/// <summary>
/// Turns blocks into form fields and posted fields back into blocks, for every block type registered on
/// <see cref="Block"/> — a new block type needs no editor code of its own. Lists of downloads are edited
/// as lines "Titel | adresse | type | størrelse".
/// </summary>
public static class BlockForm
{
    public sealed record Field(string Name, string Label, Type Type, string? Value, bool Multiline);

    /// <summary>Every block type editors can add: discriminator and Danish name.</summary>
    public static readonly IReadOnlyList<(string Discriminator, Type Type, string Name)> Types =
        typeof(Block).GetCustomAttributes<JsonDerivedTypeAttribute>()
            .Select(a => ((string)a.TypeDiscriminator!, a.DerivedType, Name(a.DerivedType)))
            .ToList();

    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["markdown"] = "Tekst (Markdown: ## overskrift, **fed**, [link](/side))",
        ["src"] = "Billedets adresse",
        ["alt"] = "Alternativ tekst (beskriv billedet)",
        ["width"] = "Bredde i pixels",
        ["height"] = "Højde i pixels",
        ["caption"] = "Billedtekst",
        ["text"] = "Tekst",
        ["name"] = "Navn",
        ["role"] = "Rolle eller alder",
        ["figure"] = "Tal",
        ["label"] = "Hvad tallet viser",
        ["source"] = "Kilde",
        ["heading"] = "Overskrift",
        ["linkText"] = "Tekst på knappen",
        ["url"] = "Link",
        ["provider"] = "Videotjeneste (YouTube eller Vimeo)",
        ["videoId"] = "Video-id",
        ["title"] = "Titel",
        ["items"] = "Filer, én pr. linje: Titel | adresse | type | størrelse",
        ["count"] = "Antal arrangementer (1-10; tomt giver 5)",
    };

    public static string Name(Type type) =>
        ((Block)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)).BlockName();

    public static string Discriminator(Block block) => Types.Single(t => t.Type == block.GetType()).Discriminator;

    /// <summary>The fields of a block, in the order of its constructor, with their current values.</summary>
    public static IReadOnlyList<Field> Fields(Block block)
    {
        var json = JsonSerializer.SerializeToNode(block, ContentJson.Options)!.AsObject();
        return Parameters(block.GetType()).Select(p =>
        {
            var key = JsonName(p.Name!);
            var node = json[key];
            var value = p.ParameterType == typeof(IReadOnlyList<DownloadItem>)
                ? string.Join("\n", (node?.AsArray() ?? []).Select(i => string.Join(" | ",
                    new[] { i?["title"], i?["url"], i?["fileType"], i?["size"] }.Select(v => v?.GetValue<string>() ?? ""))).Select(l => l.TrimEnd(' ', '|')))
                : node?.ToString();
            return new Field(key, Labels.GetValueOrDefault(key, p.Name!), p.ParameterType, value,
                key is "markdown" or "text" or "items");
        }).ToList();
    }

    public static Block Empty(string discriminator)
    {
        var type = Types.Single(t => t.Discriminator == discriminator).Type;
        var json = new JsonObject { ["type"] = discriminator };
        foreach (var p in Parameters(type))
        {
            json[JsonName(p.Name!)] = p.ParameterType == typeof(int) ? 0
                : p.ParameterType == typeof(IReadOnlyList<DownloadItem>) ? new JsonArray()
                : p.ParameterType.IsEnum ? Enum.GetNames(p.ParameterType)[0]
                : p.HasDefaultValue ? null : "";
        }

        return Deserialize(json);
    }

    /// <summary>A block from posted fields "Blocks[i].name"; null values are left out.</summary>
    public static Block Read(string discriminator, Func<string, string?> field)
    {
        var type = Types.SingleOrDefault(t => t.Discriminator == discriminator).Type
            ?? throw new ContentRuleException("Ukendt bloktype.");
        var json = new JsonObject { ["type"] = discriminator };
        foreach (var p in Parameters(type))
        {
            var key = JsonName(p.Name!);
            var raw = field(key)?.Trim();
            if (p.ParameterType == typeof(int))
            {
                json[key] = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            }
            else if (p.ParameterType == typeof(IReadOnlyList<DownloadItem>))
            {
                var items = new JsonArray();
                foreach (var line in (raw ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = line.Split('|').Select(x => x.Trim()).ToArray();
                    items.Add(new JsonObject
                    {
                        ["title"] = parts[0],
                        ["url"] = parts.Length > 1 ? parts[1] : "",
                        ["fileType"] = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null,
                        ["size"] = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null,
                    });
                }

                json[key] = items;
            }
            else if (p.ParameterType.IsEnum)
            {
                json[key] = Enum.GetNames(p.ParameterType).FirstOrDefault(n => n.Equals(raw, StringComparison.OrdinalIgnoreCase)) ?? Enum.GetNames(p.ParameterType)[0];
            }
            else
            {
                json[key] = string.IsNullOrEmpty(raw) && p.HasDefaultValue ? null : raw ?? "";
            }
        }

        return Deserialize(json);
    }

    private static Block Deserialize(JsonObject json) =>
        JsonSerializer.Deserialize<Block>(json.ToJsonString(), ContentJson.Options) ?? throw new ContentRuleException("Blokken kunne ikke læses.");

    private static ParameterInfo[] Parameters(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
