using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Campaign.Web.Features.Search;

/// <summary>
/// The search index of this node, as Examine keeps one: a Lucene index in a folder under <see cref="SearchOptions.IndexPath"/>,
/// one <see cref="IndexWriter"/> per process, read through a <see cref="SearcherManager"/> that reopens near-real-time
/// after a write, so a change is searchable on the next query without a commit. Commits happen in the background
/// (<see cref="SearchIndexMaintenance"/>) and at shutdown, each carrying the watermark that tells a fresh index from a stale one.
/// A rebuild writes a new folder beside the live one and swaps it in when complete, so searches keep answering meanwhile.
/// </summary>
public sealed partial class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Bumped when analysis or fields change, so an index written by older code is rebuilt.</summary>
    public const string Schema = "1";

    private const string SchemaKey = "schema";
    private const string WatermarkKey = "eventsUpdatedAt";
    private const string PointerFile = "current";
    private const string KindPage = "page";
    private const string KindEvent = "event";
    private const string Kind = "kind";

    private readonly string _root;
    private readonly ILogger<LuceneSearchIndex> _log;
    private readonly System.Threading.Lock _write = new();
    private readonly DanishAnalyzer _analyzer = new();
    private Generation _live;
    private Generation? _building;
    private readonly HashSet<string> _deletedWhileBuilding = [];
    private readonly HashSet<string> _retiring = [];
    private long _watermark;
    private volatile bool _stale;
    private volatile bool _uncommitted;
    private bool _disposed;

    public LuceneSearchIndex(IOptions<SearchOptions> options, ILogger<LuceneSearchIndex> log)
    {
        _root = options.Value.IndexPath;
        _log = log;
        System.IO.Directory.CreateDirectory(_root);
        (_live, OpenedAs) = OpenLive();

        // An index that was missing or unreadable is empty until the first rebuild fills it.
        _stale |= OpenedAs != "fresh";
    }

    /// <summary>"fresh" (as found, the watermark decides), "missing" or "corrupt" (started empty).</summary>
    public string OpenedAs { get; }

    public bool Rebuilding => _building is not null;

    public SearchIndexState State
    {
        get
        {
            var events = Count(new TermQuery(new Term(Kind, KindEvent)));
            return new(OpenedAs, Rebuilding, events, new DateTime(Interlocked.Read(ref _watermark), DateTimeKind.Utc), _live.Folder);
        }
    }

    private (Generation, string) OpenLive()
    {
        var pointer = Path.Combine(_root, PointerFile);
        var folder = File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : null;
        if (folder is { Length: > 0 } && System.IO.Directory.Exists(Path.Combine(_root, folder)))
        {
            try
            {
                var directory = FSDirectory.Open(Path.Combine(_root, folder));
                if (DirectoryReader.IndexExists(directory))
                {
                    var generation = Open(folder, directory, OpenMode.APPEND);
                    var data = generation.Writer.CommitData;
                    if (data.TryGetValue(WatermarkKey, out var ticks) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var value))
                    {
                        _watermark = value;
                    }

                    // An index written with other analysis answers differently; it serves until the rebuild replaces it.
                    _stale = !data.TryGetValue(SchemaKey, out var schema) || schema != Schema;
                    _log.LogInformation("Search index opened from {Folder}", generation.Folder);
                    return (generation, "fresh");
                }

                directory.Dispose();
            }
            catch (Exception e) when (e is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or LockObtainFailedException or InvalidOperationException or ArgumentException)
            {
                _log.LogWarning(e, "The search index in {Folder} could not be opened; starting a new one and rebuilding it from the database", folder);
                var fresh = NewGeneration();
                Publish(fresh);
                return (fresh, "corrupt");
            }
        }

        _log.LogInformation("No search index under {Root}; starting a new one and building it from the database", _root);
        var created = NewGeneration();
        Publish(created);
        return (created, "missing");
    }

    private Generation NewGeneration()
    {
        var folder = "index-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var generation = Open(folder, FSDirectory.Open(Path.Combine(_root, folder)), OpenMode.CREATE);
        generation.Writer.SetCommitData(new Dictionary<string, string> { [SchemaKey] = Schema, [WatermarkKey] = "0" });
        generation.Writer.Commit();
        return generation;
    }

    private Generation Open(string folder, LuceneDirectory directory, OpenMode mode)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { OpenMode = mode, RAMBufferSizeMB = 64 };
        var writer = new IndexWriter(directory, config);
        try
        {
            return new Generation(folder, directory, writer, new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Points the folder's "current" file at the generation, atomically, so a restart opens it.</summary>
    private void Publish(Generation generation)
    {
        var temp = Path.Combine(_root, PointerFile + ".tmp");
        File.WriteAllText(temp, generation.Folder);
        File.Move(temp, Path.Combine(_root, PointerFile), overwrite: true);
    }

    /// <summary>Whether the index must be rebuilt from the database: written by other code, or out of step with it.</summary>
    public bool NeedsRebuild(int publicEvents, DateTime latestEventChange) =>
        _stale
        || latestEventChange.Ticks > Interlocked.Read(ref _watermark)
        || publicEvents != Count(new TermQuery(new Term(Kind, KindEvent)));

    public void Upsert(SearchEntry entry)
    {
        var document = ToDocument(entry);
        var key = new Term(SearchFields.Key, entry.Key);
        lock (_write)
        {
            _live.Writer.UpdateDocument(key, document);
            _building?.Writer.UpdateDocument(key, document);
            _deletedWhileBuilding.Remove(entry.Key);
            if (entry.Type == SearchTypes.Event)
            {
                AdvanceWatermark(entry.UpdatedAt);
            }

            Changed();
        }
    }

    public void Delete(string key)
    {
        var term = new Term(SearchFields.Key, key);
        lock (_write)
        {
            _live.Writer.DeleteDocuments(term);
            if (_building is { } building)
            {
                building.Writer.DeleteDocuments(term);
                _deletedWhileBuilding.Add(key);
            }

            Changed();
        }
    }

    public void ReplacePages(IReadOnlyCollection<SearchEntry> pages)
    {
        var documents = pages.Select(ToDocument).ToList();
        lock (_write)
        {
            foreach (var generation in new[] { _live, _building })
            {
                if (generation is null)
                {
                    continue;
                }

                // Under the write lock no reader reopens between the delete and the adds, so no search sees the site without pages.
                generation.Writer.DeleteDocuments(new Term(Kind, KindPage));
                generation.Writer.AddDocuments(documents);
            }

            Changed();
        }
    }

    private void AdvanceWatermark(DateTime updatedAt)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _watermark);
            if (updatedAt.Ticks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _watermark, updatedAt.Ticks, current) != current);
    }

    private void Changed()
    {
        _live.Dirty = true;
        _uncommitted = true;
    }

    /// <summary>Makes the changes so far durable, with the watermark, if there are any.</summary>
    public void Commit()
    {
        if (!_uncommitted)
        {
            return;
        }

        lock (_write)
        {
            _uncommitted = false;
            _live.Writer.SetCommitData(CommitData());
            _live.Writer.Commit();
        }
    }

    private Dictionary<string, string> CommitData() => new()
    {
        [SchemaKey] = _stale ? "stale" : Schema,
        [WatermarkKey] = Interlocked.Read(ref _watermark).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Starts a new folder that receives the rebuild and, meanwhile, every live change too.</summary>
    public RebuildSession StartRebuild()
    {
        lock (_write)
        {
            if (_building is not null)
            {
                throw new InvalidOperationException("A rebuild is already under way.");
            }

            _deletedWhileBuilding.Clear();
            _building = NewGeneration();
            return new RebuildSession(this, _building);
        }
    }

    /// <summary>
    /// Swaps the rebuilt folder in. Deletes that happened while it was filled are applied again, since the rebuild may
    /// have written a row it read just before it was deleted.
    /// </summary>
    internal void CompleteRebuild(RebuildSession session, DateTime watermark)
    {
        Generation old;
        lock (_write)
        {
            var building = session.Generation;
            foreach (var key in _deletedWhileBuilding)
            {
                building.Writer.DeleteDocuments(new Term(SearchFields.Key, key));
            }

            _deletedWhileBuilding.Clear();
            _stale = false;
            AdvanceWatermark(watermark);
            building.Writer.SetCommitData(CommitData());
            building.Writer.Commit();
            building.Searchers.MaybeRefreshBlocking();
            Publish(building);
            old = _live;
            _live = building;
            _building = null;
        }

        // Searches that acquired the old searcher a moment ago finish before its files go.
        lock (_retiring)
        {
            _retiring.Add(old.Folder);
        }

        _ = Task.Delay(TimeSpan.FromSeconds(10)).ContinueWith(_ => Retire(old), TaskScheduler.Default);
    }

    /// <summary>Drops an unfinished rebuild's folder; after the swap the folder is the live one and stays.</summary>
    internal void AbandonRebuild(RebuildSession session)
    {
        lock (_write)
        {
            if (_building != session.Generation)
            {
                return;
            }

            _building = null;
        }

        Retire(session.Generation);
    }

    private void Retire(Generation generation)
    {
        try
        {
            generation.Dispose();
            System.IO.Directory.Delete(Path.Combine(_root, generation.Folder), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _log.LogWarning(e, "The old search index folder {Folder} could not be removed", generation.Folder);
        }
        finally
        {
            lock (_retiring)
            {
                _retiring.Remove(generation.Folder);
            }
        }
    }

    /// <summary>Removes folders no pointer names (left by a crash during a rebuild).</summary>
    public void RemoveLeftovers()
    {
        foreach (var folder in System.IO.Directory.GetDirectories(_root, "index-*"))
        {
            var name = Path.GetFileName(folder);
            bool retiring;
            lock (_retiring)
            {
                retiring = _retiring.Contains(name);
            }

            // A retiring folder is still open for searches that began before the swap; Retire removes it.
            if (name != _live.Folder && name != _building?.Folder && !retiring)
            {
                try
                {
                    System.IO.Directory.Delete(folder, recursive: true);
                }
                catch (IOException e)
                {
                    _log.LogWarning(e, "Could not remove the old search index folder {Folder}", name);
                }
            }
        }
    }

    // Registered as itself and as ISearchIndex, so the container disposes it twice.
    public void Dispose()
    {
        lock (_write)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _building?.Dispose();
            _building = null;
            try
            {
                _live.Writer.SetCommitData(CommitData());
                _live.Writer.Commit();
            }
            finally
            {
                _live.Dispose();
            }
        }

        _analyzer.Dispose();
    }

    internal static Document DocumentOf(SearchEntry entry) => ToDocument(entry);

    private static Document ToDocument(SearchEntry entry)
    {
        var isEvent = entry.Type == SearchTypes.Event;

        // Events weigh half as much, so pages about a subject come before the many events that mention it.
        var weight = isEvent ? 0.5f : 1f;
        var document = new Document
        {
            new StringField(SearchFields.Key, entry.Key, Field.Store.YES),
            new StringField(Kind, isEvent ? KindEvent : KindPage, Field.Store.NO),
            new StringField(SearchFields.Type, entry.Type, Field.Store.YES),
            new SortedDocValuesField(SearchFields.Type, new BytesRef(entry.Type)),
            new StoredField(SearchFields.Url, entry.Url),
            new StoredField(SearchFields.Snippet, Clip(entry.SnippetText)),
            new NumericDocValuesField(SearchFields.Date, entry.Date.Ticks),
            Text(SearchFields.Title, entry.Title, weight, Field.Store.YES),
        };
        var meta = entry.MetaText;
        var municipality = entry.MunicipalityFacet;
        var region = entry.RegionFacet;
        AddText(document, SearchFields.Summary, entry.Summary, weight);
        AddText(document, SearchFields.Body, entry.Body, weight);
        AddText(document, SearchFields.Meta, meta, weight);
        AddText(document, SearchFields.Parts, string.Join(' ', entry.Title, entry.Summary, entry.Body, meta), weight);
        if (municipality is not null)
        {
            AddFacet(document, SearchFields.Municipality, municipality);
        }

        if (region is not null)
        {
            AddFacet(document, SearchFields.Region, region);
        }

        if (entry.SeriesKey is { } series)
        {
            AddFacet(document, SearchFields.Series, series.ToString());
        }

        foreach (var group in entry.TargetGroups.Distinct())
        {
            document.Add(new StringField(SearchFields.TargetGroup, group, Field.Store.NO));
            document.Add(new SortedSetDocValuesField(SearchFields.TargetGroup, new BytesRef(group)));
        }

        if (isEvent && Guid.TryParse(entry.Key.AsSpan(SearchTypes.Event.Length + 1), out var id))
        {
            document.Add(new BinaryDocValuesField(SearchFields.EventId, new BytesRef(id.ToByteArray())));
        }

        return document;
    }

    private static TextField Text(string name, string value, float weight, Field.Store store) =>
        new(name, value, store) { Boost = weight };

    private static void AddText(Document document, string name, string? value, float weight)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            document.Add(Text(name, value, weight, Field.Store.NO));
        }
    }

    private static void AddFacet(Document document, string name, string value)
    {
        document.Add(new StringField(name, value, Field.Store.NO));
        document.Add(new SortedDocValuesField(name, new BytesRef(value)));
    }

    private static string Clip(string text) => text.Length > 6000 ? text[..6000] : text;

    /// <summary>A folder of the index: its directory, its one writer, and the searchers over it.</summary>
    internal sealed class Generation(string folder, LuceneDirectory directory, IndexWriter writer, SearcherManager searchers) : IDisposable
    {
        public string Folder { get; } = folder;
        public IndexWriter Writer { get; } = writer;
        public SearcherManager Searchers { get; } = searchers;
        public volatile bool Dirty;

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            directory.Dispose();
        }
    }
}

/// <summary>A rebuild under way: documents go to the new folder until <see cref="Complete"/> swaps it in.</summary>
public sealed class RebuildSession
{
    private readonly LuceneSearchIndex _index;

    internal RebuildSession(LuceneSearchIndex index, LuceneSearchIndex.Generation generation)
    {
        _index = index;
        Generation = generation;
    }

    internal LuceneSearchIndex.Generation Generation { get; }

    /// <summary>Adds (or replaces) documents; safe to call from several threads, as IndexWriter is.</summary>
    public void Add(SearchEntry entry) => Generation.Writer.UpdateDocument(new Term(SearchFields.Key, entry.Key), LuceneSearchIndex.DocumentOf(entry));

    public void Complete(DateTime watermark) => _index.CompleteRebuild(this, watermark);

    public void Abandon() => _index.AbandonRebuild(this);
}
