using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Campaign.Web.Content.Blocks;

/// <summary>A registered block type: its name in storage and what the record declares about itself.</summary>
/// <param name="Partial">The display partial, ~/Content/Blocks/{record name}.cshtml.</param>
public sealed record BlockType(string Discriminator, Type Type, string Name, IReadOnlyList<BlockField> Fields, bool InNewsletter, string Partial, string Description = "", string Icon = "block");

/// <summary>
/// Every block type the site knows. Adding one is a record, its display partial and one line in the list below.
/// The list is open: another assembly (a test, a module) registers its own type at start, and storage, the editor,
/// search and the newsletter take it like the built-in ones. Storage learns the types through
/// <see cref="ContentJson"/>, which rebuilds its options when the list grows.
/// </summary>
public static class BlockTypes
{
    private static readonly Lock Gate = new();
    private static ImmutableList<BlockType> _all = [];

    static BlockTypes()
    {
        Register<RichTextBlock>("richText");
        Register<ImageBlock>("image");
        Register<QuoteBlock>("quote");
        Register<FactBlock>("fact");
        Register<CallToActionBlock>("callToAction");
        Register<VideoBlock>("video");
        Register<DownloadsBlock>("downloads");
        Register<NewsletterSignupBlock>("newsletterSignup");
        Register<MembersBlock>("members");
        Register<UpcomingEventsBlock>("upcomingEvents");
    }

    public static IReadOnlyList<BlockType> All => _all;

    /// <summary>Grows with every registration, so cached serializer options can tell they are out of date.</summary>
    public static int Version => _all.Count;

    public static BlockType? Find(string? discriminator) => _all.FirstOrDefault(t => t.Discriminator == discriminator);

    public static BlockType Of(Type type) =>
        _all.FirstOrDefault(t => t.Type == type) ?? throw new InvalidOperationException($"{type.Name} is not a registered block type; add it to BlockTypes.");

    /// <summary>
    /// Registers a block type under its storage name. Registering the same type under the same name again does nothing.
    /// Refuses a declaration the editor could not serve: a field that names no constructor parameter, a parameter
    /// without a field (its value would be lost on every save), or a newsletter block without a mail rendering.
    /// </summary>
    public static void Register<T>(string discriminator) where T : Block, IBlockType
    {
        var type = new BlockType(discriminator, typeof(T), T.DisplayName, T.EditorFields, T.InNewsletter, $"~/Content/Blocks/{typeof(T).Name}.cshtml", T.Description, T.Icon);
        lock (Gate)
        {
            if (_all.FirstOrDefault(t => t.Discriminator == discriminator || t.Type == typeof(T)) is { } existing)
            {
                if (existing.Discriminator == discriminator && existing.Type == typeof(T))
                {
                    return;
                }

                throw new InvalidOperationException($"Block type \"{discriminator}\" ({typeof(T).Name}) clashes with \"{existing.Discriminator}\" ({existing.Type.Name}).");
            }

            Check(typeof(T), T.EditorFields);
            if (T.InNewsletter && !Overrides(typeof(T), nameof(Block.WriteMail)) && !Overrides(typeof(T), nameof(Block.WriteMailAsync)))
            {
                throw new InvalidOperationException($"{typeof(T).Name} may be in a newsletter but does not override WriteMail.");
            }

            _all = _all.Add(type);
        }
    }

    /// <summary>The constructor the JSON serializer and the editor build a record with: the one with the most parameters.</summary>
    public static ParameterInfo[] Parameters(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();

    public static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>The element type of a list parameter (IReadOnlyList&lt;T&gt; and the like), or null.</summary>
    public static Type? ItemType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string)
            ? item
            : null;

    /// <summary>Tells System.Text.Json the registered block types, in place of [JsonDerivedType] attributes, which only the web project could add.</summary>
    internal static void AddPolymorphism(JsonTypeInfo info)
    {
        if (info.Type != typeof(Block))
        {
            return;
        }

        info.PolymorphismOptions = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "type",
            UnknownDerivedTypeHandling = System.Text.Json.Serialization.JsonUnknownDerivedTypeHandling.FailSerialization,
        };
        foreach (var block in _all)
        {
            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(block.Type, block.Discriminator));
        }
    }

    private static void Check(Type type, IReadOnlyList<BlockField> fields)
    {
        var parameters = Parameters(type).ToDictionary(p => JsonName(p.Name!), StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!parameters.TryGetValue(field.Name, out var parameter))
            {
                throw new InvalidOperationException($"{type.Name}: the field \"{field.Name}\" names no constructor parameter.");
            }

            if (field.Kind == FieldKind.List)
            {
                var item = ItemType(parameter.ParameterType) ?? throw new InvalidOperationException($"{type.Name}: \"{field.Name}\" is edited as a list but is not one.");
                Check(item, field.Items ?? []);
            }
            else if (field.Kind == FieldKind.Select && field.Options is not { Count: > 0 })
            {
                throw new InvalidOperationException($"{type.Name}: the choice \"{field.Name}\" has no options.");
            }
        }

        if (parameters.Keys.Except(fields.Select(f => f.Name)).FirstOrDefault() is { } missing)
        {
            throw new InvalidOperationException($"{type.Name}: \"{missing}\" has no editor field, so every save would lose it.");
        }
    }

    private static bool Overrides(Type type, string method) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == method && m.DeclaringType != typeof(Block));
}
