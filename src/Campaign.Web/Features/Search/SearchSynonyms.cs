using Campaign.Web.Content;
using Campaign.Web.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Words editors say mean the same in a search ("fællesspisning, spisefællesskab, madklub"). Applied when a query is
/// parsed, never written into the index, so a new group works at the next search without a rebuild.
/// </summary>
public sealed class SynonymGroup
{
    public const int MaxWords = 12;
    public const int MaxWordLength = 60;

    public Guid Id { get; private set; }

    /// <summary>The words as the editor wrote them, separated by ", ".</summary>
    public string Words { get; private set; } = "";

    public DateTime UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";

    public IReadOnlyList<string> List => Words.Split(", ", StringSplitOptions.RemoveEmptyEntries);

    public static SynonymGroup Create(IReadOnlyList<string> words, string editor, DateTime now) =>
        new() { Id = Guid.NewGuid(), Words = string.Join(", ", words), UpdatedAt = now, UpdatedBy = editor };

    /// <summary>
    /// The words of what an editor typed (comma or line separated), or a Danish message saying what is wrong: at least two
    /// different words, each of which the search can use.
    /// </summary>
    public static (IReadOnlyList<string> Words, string? Error) Parse(string? input)
    {
        var words = (input ?? "").Split([',', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => string.Join(' ', w.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Where(w => w.Length > 0)
            .ToList();
        if (words.Any(w => w.Length > MaxWordLength))
        {
            return ([], $"Et ord eller udtryk må højst være {MaxWordLength} tegn.");
        }

        if (words.Count > MaxWords)
        {
            return ([], $"En gruppe kan højst have {MaxWords} ord.");
        }

        if (words.FirstOrDefault(w => DanishText.Terms(w).Count == 0) is { } empty)
        {
            return ([], $"»{empty}« er for kort eller et fyldord, som søgningen ikke bruger.");
        }

        var distinct = words.DistinctBy(w => string.Join(' ', DanishText.Terms(w))).ToList();
        if (distinct.Count < 2)
        {
            return ([], "Skriv mindst to forskellige ord, adskilt af komma, fx: fællesspisning, spisefællesskab, madklub.");
        }

        return (distinct, null);
    }
}

internal sealed class SynonymGroupConfiguration : IEntityTypeConfiguration<SynonymGroup>
{
    public void Configure(EntityTypeBuilder<SynonymGroup> group)
    {
        group.ToTable("SynonymGroups");
        group.HasKey(g => g.Id);
        group.Property(g => g.Words).HasMaxLength(1000);
        group.Property(g => g.UpdatedBy).HasMaxLength(256);
        group.Ignore(g => g.List);
    }
}

/// <summary>
/// The synonym groups as terms, held in memory: term → the other ways of saying it (each a list of terms; more than one
/// is a phrase). Reloaded after an editor's change here, and on the other nodes through the cache bus.
/// </summary>
public sealed class SearchSynonyms(IServiceScopeFactory scopes, IOutputCacheStore outputCache) : ICacheBusHandler
{
    public const string BusTag = "search-synonyms";

    private volatile IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>>? _byTerm;

    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>>> CurrentAsync(CancellationToken ct) =>
        _byTerm ?? await ReloadAsync(ct);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>>> ReloadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var groups = await scope.ServiceProvider.GetRequiredService<CampaignDb>().SynonymGroups.AsNoTracking().Select(g => g.Words).ToListAsync(ct);
        var byTerm = new Dictionary<string, List<IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var words in groups)
        {
            var entries = words.Split(", ").Select(w => (IReadOnlyList<string>)DanishText.Terms(w)).Where(t => t.Count > 0).ToList();
            foreach (var entry in entries.Where(e => e.Count == 1))
            {
                var others = byTerm.TryGetValue(entry[0], out var list) ? list : byTerm[entry[0]] = [];
                others.AddRange(entries.Where(e => !e.SequenceEqual(entry) && !others.Any(o => o.SequenceEqual(e))));
            }
        }

        var result = byTerm.ToDictionary(p => p.Key, p => (IReadOnlyList<IReadOnlyList<string>>)p.Value, StringComparer.Ordinal);
        _byTerm = result;
        return result;
    }

    /// <summary>After an editor's change: reload, drop cached search pages, and tell the other nodes.</summary>
    public async Task ChangedAsync(ICacheBus bus, CancellationToken ct)
    {
        await ReloadAsync(ct);
        await outputCache.EvictByTagAsync(Events.EventStore.OutputCacheTag, ct);
        await bus.NotifyAsync(BusTag, ct);
    }

    bool ICacheBusHandler.Handles(string tag) => tag == BusTag;

    async Task ICacheBusHandler.ApplyAsync(string tag, CancellationToken ct)
    {
        await ReloadAsync(ct);
        await outputCache.EvictByTagAsync(Events.EventStore.OutputCacheTag, ct);
    }
}
