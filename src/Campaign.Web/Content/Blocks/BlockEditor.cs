using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Campaign.Web.Content.Blocks;

/// <summary>
/// The one editor for a list of blocks, on content pages and newsletter issues alike: turns blocks into the fields of
/// <c>_BlockEditor.cshtml</c>, reads the posted form back into blocks, and carries out the editing buttons (add, move,
/// remove a block; add or remove a row of a list). Everything goes through the block's JSON, so a block type needs
/// no editor code of its own, only its <see cref="IBlockType.EditorFields"/>. Works without JavaScript: every button
/// is a round trip that keeps what was typed.
/// </summary>
/// <remarks>
/// Form names: <c>Blocks.Count</c>, <c>Blocks[i].type</c>, <c>Blocks[i].{field}</c>; a list has
/// <c>Blocks[i].{field}.Count</c> and <c>Blocks[i].{field}[j].{subfield}</c>. The buttons post <c>action</c>:
/// <c>op:i</c>, <c>ned:i</c>, <c>fjern:i</c>, <c>tilfoej</c> (with <c>newBlock</c>), <c>raekke:i:field</c> and
/// <c>fjern-raekke:i:field:j</c>.
/// </remarks>
public static class BlockEditor
{
    public const int MaxBlocks = 100;
    public const int MaxRows = 200;

    /// <summary>Empty rows shown under a list's items, so one more can be typed in without a round trip.</summary>
    public const int BlankRows = 1;

    /// <summary>A field as the form shows it: its name in the form, its id, and its value (or rows, for a list).</summary>
    /// <param name="HelpId">The id of the help text that describes the field; the rows of a list share the first row's.</param>
    /// <param name="ShowHelp">False on the later rows of a list, which point to the first row's help instead of repeating it.</param>
    public sealed record Input(BlockField Field, string Name, string Id, string Value, IReadOnlyList<Row> Rows, string? HelpId, bool ShowHelp = true);

    /// <param name="Blank">One of the <see cref="BlankRows"/>: nothing typed yet, so it cannot be removed.</param>
    public sealed record Row(int Index, IReadOnlyList<Input> Inputs, bool Blank);

    /// <summary>What the editor partial shows: the blocks, and whether they make up a newsletter (which limits the picker).</summary>
    /// <param name="SaveHandler">The page handler that saves (Enter in a field presses it), or null when the page's plain post with action "gem" saves.</param>
    /// <param name="CopyTargets">Pages a block may be copied to (id and name), or null where copying makes no sense (a newsletter).</param>
    public sealed record View(IReadOnlyList<Block> Blocks, bool Newsletter = false, string? SaveHandler = null, IReadOnlyList<(Guid Id, string Name)>? CopyTargets = null)
    {
        public IReadOnlyList<BlockType> Addable => Addables(Newsletter);
    }

    public static IReadOnlyList<BlockType> Addables(bool newsletter) => BlockTypes.All.Where(t => !newsletter || t.InNewsletter).ToList();

    /// <summary>The fields of block <paramref name="index"/> with their current values.</summary>
    public static IReadOnlyList<Input> Inputs(Block block, int index)
    {
        var json = JsonSerializer.SerializeToNode(block.ForEditing(), ContentJson.Options)!.AsObject();
        var prefix = $"Blocks[{index}]";
        return Inputs(BlockTypes.Of(block.GetType()).Fields, json, prefix, $"block-{index}");
    }

    /// <summary>A field's value as a line of text, with the option's label for a choice; for version comparisons.</summary>
    public static IEnumerable<(string Label, string Value)> Describe(Block block)
    {
        foreach (var input in Inputs(block, 0))
        {
            if (input.Field.Kind == FieldKind.List)
            {
                var rows = input.Rows.Where(r => !r.Blank).Select(r => string.Join(", ", r.Inputs.Where(i => i.Value.Length > 0).Select(i => i.Field.Display(i.Value))));
                yield return (input.Field.Label, string.Join("; ", rows));
            }
            else if (input.Value.Length > 0)
            {
                yield return (input.Field.Label, input.Field.Kind switch
                {
                    FieldKind.Bool => input.Value == "true" ? "Ja" : "Nej",
                    FieldKind.RichText => RichTextHtml.ToPlainText(input.Value),
                    _ => input.Field.Display(input.Value),
                });
            }
        }
    }

    /// <summary>A line that tells a folded block from the others: the start of its first text, or nothing.</summary>
    public static string Excerpt(Block block)
    {
        var text = Describe(block).Select(f => f.Value).FirstOrDefault(v => v.Length > 0 && !Guid.TryParse(v, out _)) ?? "";
        text = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return text.Length > 80 ? text[..79].TrimEnd() + "…" : text;
    }

    /// <summary>
    /// A block posted back exactly as the editor showed it keeps its stored form, so opening and saving a page written
    /// before a block type changed shape (Markdown text, a typed image address) adds no version; the first real edit converts it.
    /// </summary>
    public static void KeepUnchanged(List<Block> posted, IReadOnlyList<Block> stored)
    {
        for (var i = 0; i < Math.Min(posted.Count, stored.Count); i++)
        {
            var shown = stored[i].ForEditing();
            if (!ReferenceEquals(shown, stored[i])
                && JsonSerializer.Serialize(shown, ContentJson.Options) == JsonSerializer.Serialize(posted[i], ContentJson.Options))
            {
                posted[i] = stored[i];
            }
        }
    }

    /// <summary>The blocks of a posted form; blocks of unknown types and rows left empty are left out.</summary>
    public static List<Block> Read(IFormCollection form)
    {
        var blocks = new List<Block>();
        var count = int.TryParse(form["Blocks.Count"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, MaxBlocks) : 0;
        for (var i = 0; i < count; i++)
        {
            if (BlockTypes.Find(form[$"Blocks[{i}].type"].ToString()) is { } type)
            {
                var prefix = $"Blocks[{i}]";
                blocks.Add(Read(type, key => form.TryGetValue($"{prefix}.{key}", out var value) ? value.ToString() : null));
            }
        }

        return blocks;
    }

    /// <summary>A block from its posted fields, by their names within the block ("heading", "members[0].name", "members.Count").</summary>
    public static Block Read(BlockType type, Func<string, string?> field)
    {
        var json = new JsonObject { ["type"] = type.Discriminator };
        Fill(json, type.Type, type.Fields, field);
        return Deserialize(json);
    }

    public static Block Empty(BlockType type)
    {
        var json = new JsonObject { ["type"] = type.Discriminator };
        foreach (var p in BlockTypes.Parameters(type.Type))
        {
            json[BlockTypes.JsonName(p.Name!)] = Default(p.ParameterType, p.HasDefaultValue);
        }

        return Deserialize(json);
    }

    /// <summary>
    /// Carries out an editing button on <paramref name="blocks"/>. True when <paramref name="action"/> was one (the page
    /// then shows the form again, saving nothing), false when it is for the page to handle (save, publish ...).
    /// </summary>
    public static bool Apply(string? action, string? newBlock, List<Block> blocks, bool newsletter = false)
    {
        var parts = (action ?? "").Split(':');
        var index = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
        var inRange = index >= 0 && index < blocks.Count;
        switch (parts[0])
        {
            case "op":
                if (inRange && index > 0)
                {
                    (blocks[index - 1], blocks[index]) = (blocks[index], blocks[index - 1]);
                }

                return true;
            case "ned":
                if (inRange && index < blocks.Count - 1)
                {
                    (blocks[index + 1], blocks[index]) = (blocks[index], blocks[index + 1]);
                }

                return true;
            case "fjern":
                if (inRange)
                {
                    blocks.RemoveAt(index);
                }

                return true;
            case "tilfoej":
                // The picker's cards post "tilfoej:{type}"; the older form posts the type in newBlock.
                var wanted = parts.Length > 1 ? parts[1] : newBlock;
                if (Addables(newsletter).FirstOrDefault(t => t.Discriminator == wanted) is { } type && blocks.Count < MaxBlocks)
                {
                    blocks.Add(Empty(type));
                }

                return true;
            case "raekke" when inRange && parts.Length == 3:
                var empty = EmptyRow(blocks[index], parts[2]);
                blocks[index] = ChangeRows(blocks[index], parts[2], rows =>
                {
                    if (rows.Count < MaxRows)
                    {
                        rows.Add(empty);
                    }
                });
                return true;
            case "fjern-raekke" when inRange && parts.Length == 4 && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var row):
                blocks[index] = ChangeRows(blocks[index], parts[2], rows =>
                {
                    if (row < rows.Count)
                    {
                        rows.RemoveAt(row);
                    }
                });
                return true;
            case "raekke" or "fjern-raekke":
                return true;
            default:
                return false;
        }
    }

    private static IReadOnlyList<Input> Inputs(IReadOnlyList<BlockField> fields, JsonObject json, string prefix, string idPrefix, string? helpPrefix = null) =>
        fields.Select(field =>
        {
            var name = $"{prefix}.{field.Name}";
            var id = $"{idPrefix}-{field.Name}";
            var helpId = field.Help is null ? null : $"{helpPrefix ?? idPrefix}-{field.Name}-hint";
            if (field.Kind != FieldKind.List)
            {
                return new Input(field, name, id, Text(json[field.Name]), [], helpId, helpPrefix is null || helpPrefix == idPrefix);
            }

            var items = json[field.Name] as JsonArray ?? [];
            Row Row(int j, JsonObject item, bool blank) => new(j, Inputs(field.Items!, item, $"{name}[{j}]", $"{id}-{j}", $"{id}-0"), blank);
            var rows = items.Select((item, j) => Row(j, item as JsonObject ?? [], false)).ToList();
            for (var j = items.Count; j < items.Count + BlankRows; j++)
            {
                rows.Add(Row(j, [], true));
            }

            return new Input(field, name, id, "", rows, helpId);
        }).ToList();

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };

    /// <summary>Writes the posted values into <paramref name="json"/>, each as the JSON type its parameter needs, so the record always deserializes.</summary>
    private static void Fill(JsonObject json, Type type, IReadOnlyList<BlockField> fields, Func<string, string?> field)
    {
        var parameters = BlockTypes.Parameters(type).ToDictionary(p => BlockTypes.JsonName(p.Name!), StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var parameter = parameters[f.Name];
            if (f.Kind == FieldKind.List)
            {
                var itemType = BlockTypes.ItemType(parameter.ParameterType)!;
                var rows = new JsonArray();
                // Without a count (a hand-made post), rows are read until one is missing altogether.
                var count = int.TryParse(field($"{f.Name}.Count"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, MaxRows)
                    : Enumerable.Range(0, MaxRows).TakeWhile(j => f.Items!.Any(sub => field($"{f.Name}[{j}].{sub.Name}") is not null)).Count();
                for (var j = 0; j < count; j++)
                {
                    var rowPrefix = $"{f.Name}[{j}].";
                    if (f.Items!.All(sub => string.IsNullOrWhiteSpace(field(rowPrefix + sub.Name))))
                    {
                        continue;
                    }

                    var row = new JsonObject();
                    Fill(row, itemType, f.Items!, key => field(rowPrefix + key));
                    rows.Add(row);
                }

                json[f.Name] = rows;
            }
            else
            {
                json[f.Name] = Value(parameter.ParameterType, parameter.HasDefaultValue, field(f.Name));
            }
        }
    }

    private static JsonNode? Value(Type type, bool optional, string? posted)
    {
        var raw = posted?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var nullable = Nullable.GetUnderlyingType(type);
        var core = nullable ?? type;
        if (core == typeof(string))
        {
            return string.IsNullOrEmpty(raw) && optional ? null : raw ?? "";
        }

        if (core == typeof(bool))
        {
            return raw is "true" or "on";
        }

        if (core == typeof(int))
        {
            return int.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var number)
                ? number
                : nullable is not null ? null : 0;
        }

        if (core == typeof(Guid))
        {
            // A media field: the picker posts the id; without JavaScript an editor pastes the file's address instead.
            return Guid.TryParse(raw, out var id) ? id.ToString("D")
                : Features.Media.MediaEndpoints.IdIn(raw) is { } fromUrl ? fromUrl.ToString("D")
                : null;
        }

        if (core.IsEnum)
        {
            return Enum.GetNames(core).FirstOrDefault(n => n.Equals(raw, StringComparison.OrdinalIgnoreCase)) ?? (nullable is not null ? null : Enum.GetNames(core)[0]);
        }

        throw new NotSupportedException($"The block editor cannot read a {type.Name}; use string, int, bool, an enum or a list.");
    }

    private static JsonNode? Default(Type type, bool optional)
    {
        if (BlockTypes.ItemType(type) is not null)
        {
            return new JsonArray();
        }

        return Value(type, optional, null);
    }

    private static JsonObject EmptyRow(Block block, string listName)
    {
        var field = BlockTypes.Of(block.GetType()).Fields.FirstOrDefault(f => f.Name == listName && f.Kind == FieldKind.List);
        var parameter = BlockTypes.Parameters(block.GetType()).FirstOrDefault(p => BlockTypes.JsonName(p.Name!) == listName);
        var row = new JsonObject();
        if (field is not null && parameter is not null && BlockTypes.ItemType(parameter.ParameterType) is { } itemType)
        {
            foreach (var p in BlockTypes.Parameters(itemType))
            {
                row[BlockTypes.JsonName(p.Name!)] = Default(p.ParameterType, p.HasDefaultValue);
            }
        }

        return row;
    }

    private static Block ChangeRows(Block block, string listName, Action<JsonArray> change)
    {
        if (!BlockTypes.Of(block.GetType()).Fields.Any(f => f.Name == listName && f.Kind == FieldKind.List))
        {
            return block;
        }

        var json = JsonSerializer.SerializeToNode(block, ContentJson.Options)!.AsObject();
        if (json[listName] is not JsonArray rows)
        {
            json[listName] = rows = [];
        }

        change(rows);

        return Deserialize(json);
    }

    private static Block Deserialize(JsonObject json)
    {
        try
        {
            return json.Deserialize<Block>(ContentJson.Options) ?? throw new ContentRuleException("Blokken kunne ikke læses.");
        }
        catch (JsonException)
        {
            throw new ContentRuleException("Blokken kunne ikke læses.");
        }
    }
}
