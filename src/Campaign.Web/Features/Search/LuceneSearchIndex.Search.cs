using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Campaign.Web.Features.Search;

/// <summary>The read side: queries from clauses, hits, facets over every hit, event ids, typo correction, title suggestions.</summary>
public sealed partial class LuceneSearchIndex
{
    private static readonly Sort ByDate = new(new SortField(SearchFields.Date, SortFieldType.INT64, true));

    public SearchPage Search(SearchRequest request)
    {
        if (request.Clauses.Count == 0)
        {
            return SearchPage.Empty;
        }

        var text = TextQuery(request.Clauses);
        var filtered = WithFilters(text, request.Filters);
        var take = Math.Max(1, request.Skip + request.Take);
        return WithSearcher(searcher =>
        {
            var facets = new FacetCollector(request.Filters);
            TopDocs top;

            // Without filters the hits and the facet counts come from one pass over the postings.
            if (request.Sort == SearchSort.Date)
            {
                var collector = TopFieldCollector.Create(ByDate, take, false, false, false, false);
                searcher.Search(text, filtered == text ? MultiCollector.Wrap(collector, facets) : facets);
                if (filtered != text)
                {
                    searcher.Search(filtered, collector);
                }

                top = collector.GetTopDocs();
            }
            else
            {
                var collector = TopScoreDocCollector.Create(take, false);
                searcher.Search(text, filtered == text ? MultiCollector.Wrap(collector, facets) : facets);
                if (filtered != text)
                {
                    searcher.Search(filtered, collector);
                }

                top = collector.GetTopDocs();
            }

            var hits = new List<SearchHit>(request.Take);
            foreach (var scored in top.ScoreDocs.Skip(request.Skip).Take(request.Take))
            {
                var document = searcher.Doc(scored.Doc);
                hits.Add(new SearchHit(
                    document.Get(SearchFields.Key), document.Get(SearchFields.Type), document.Get(SearchFields.Title),
                    document.Get(SearchFields.Url), document.Get(SearchFields.Snippet) ?? "", float.IsNaN(scored.Score) ? 0 : scored.Score));
            }

            return new SearchPage(top.TotalHits, hits, facets.Result());
        });
    }

    public IReadOnlyCollection<Guid> EventIds(IReadOnlyList<SearchClause> clauses)
    {
        if (clauses.Count == 0)
        {
            return [];
        }

        var query = WithFilters(TextQuery(clauses), new SearchFilters(Type: SearchTypes.Event));
        return WithSearcher(searcher =>
        {
            var collector = new EventIdCollector();
            searcher.Search(query, collector);
            return collector.Ids;
        });
    }

    public bool Knows(string term) => WithSearcher(searcher =>
        SearchFields.Text.Any(f => searcher.IndexReader.DocFreq(new Term(f.Field, term)) > 0));

    public string? Correct(string term)
    {
        var maxEdits = term.Length switch
        {
            < 4 => 0,
            <= 6 => 1,
            _ => 2,
        };
        if (maxEdits == 0)
        {
            return null;
        }

        return WithSearcher(searcher =>
        {
            // Lucene's automaton walks only terms within the edit distance; the closest of those wins, as before.
            var candidates = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (field, _) in SearchFields.Text)
            {
                if (MultiFields.GetTerms(searcher.IndexReader, field) is not { } terms)
                {
                    continue;
                }

                var fuzzy = new FuzzyTermsEnum(terms, new AttributeSource(), new Term(field, term), maxEdits, 1, true);
                while (fuzzy.MoveNext())
                {
                    candidates.Add(fuzzy.Term.Utf8ToString());
                }
            }

            candidates.Remove(term);
            return DanishText.ClosestTerm(term, candidates);
        });
    }

    public IReadOnlyList<SearchHit> Titles(IReadOnlyList<string> terms, int take)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var query = new BooleanQuery(disableCoord: true);
        for (var i = 0; i < terms.Count; i++)
        {
            var term = new Term(SearchFields.Title, terms[i]);
            query.Add(i == terms.Count - 1 ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }

        return WithSearcher(searcher =>
        {
            var top = searcher.Search(query, take);
            return top.ScoreDocs.Select(d => searcher.Doc(d.Doc)).Select(d => new SearchHit(
                d.Get(SearchFields.Key), d.Get(SearchFields.Type), d.Get(SearchFields.Title), d.Get(SearchFields.Url), "", 0)).ToList();
        });
    }

    private int Count(Query query) => WithSearcher(searcher =>
    {
        var collector = new TotalHitCountCollector();
        searcher.Search(query, collector);
        return collector.TotalHits;
    });

    private T WithSearcher<T>(Func<IndexSearcher, T> read)
    {
        var generation = _live;
        if (generation.Dirty)
        {
            // Reopen under the write lock: no write is half applied (pages replaced, deletes without their adds).
            lock (_write)
            {
                if (generation.Dirty)
                {
                    generation.Dirty = false;
                    generation.Searchers.MaybeRefreshBlocking();
                }
            }
        }

        var searcher = generation.Searchers.Acquire();
        try
        {
            return read(searcher);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
    }

    /// <summary>Every clause must match; a clause matches when any of its alternatives does, in any text field.</summary>
    private static Query TextQuery(IReadOnlyList<SearchClause> clauses)
    {
        var all = new BooleanQuery(disableCoord: true);
        foreach (var clause in clauses)
        {
            var any = new BooleanQuery(disableCoord: true);
            for (var i = 0; i < clause.Alternatives.Count; i++)
            {
                var terms = clause.Alternatives[i];
                var typed = i == 0;
                foreach (var (field, boost) in SearchFields.Text)
                {
                    if (terms.Count == 1)
                    {
                        any.Add(new TermQuery(new Term(field, terms[0])) { Boost = typed ? boost : boost * 0.8f }, Occur.SHOULD);
                        if (typed && clause.Prefix && terms[0].Length >= 3)
                        {
                            any.Add(new PrefixQuery(new Term(field, terms[0])) { Boost = boost * 0.5f }, Occur.SHOULD);
                        }
                    }
                    else
                    {
                        var phrase = new PhraseQuery { Boost = boost };
                        foreach (var term in terms)
                        {
                            phrase.Add(new Term(field, term));
                        }

                        any.Add(phrase, Occur.SHOULD);
                    }
                }

                // "spisning" finds "fællesspisning" through the compound tails, at a low weight; a quoted word means just that word.
                if (terms.Count == 1 && !clause.Phrase && terms[0].Length >= DanishText.MinPartLength)
                {
                    any.Add(new TermQuery(new Term(SearchFields.Parts, terms[0])) { Boost = SearchFields.PartsBoost }, Occur.SHOULD);
                }
            }

            all.Add(any, Occur.MUST);
        }

        return all;
    }

    private static Query WithFilters(Query text, SearchFilters filters)
    {
        var conditions = SearchFields.Facets.Select(f => (Field: f, Value: filters.Get(f))).Where(c => !string.IsNullOrEmpty(c.Value)).ToList();
        if (conditions.Count == 0)
        {
            return text;
        }

        var query = new BooleanQuery(disableCoord: true) { { text, Occur.MUST } };
        foreach (var (field, value) in conditions)
        {
            // Weightless: a filter narrows, it does not rank.
            query.Add(new TermQuery(new Term(field, value)) { Boost = 0 }, Occur.MUST);
        }

        return query;
    }

    /// <summary>
    /// Counts facet values over every hit in one pass. A hit that passes all filters counts in every facet; one that
    /// fails only one facet's filter counts in that facet alone, which is what its other choices would show.
    /// </summary>
    private sealed class FacetCollector(SearchFilters filters) : ICollector
    {
        private readonly string?[] _wanted = SearchFields.Facets.Select(filters.Get).Select(v => string.IsNullOrEmpty(v) ? null : v).ToArray();
        private readonly Dictionary<string, int>[] _counts = SearchFields.Facets.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        private readonly BytesRef _scratch = new();
        private SortedDocValues?[] _single = [];
        private SortedSetDocValues? _multi;
        private int[][] _segmentCounts = [];
        private int[] _wantedOrd = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            var reader = context.AtomicReader;
            var facets = SearchFields.Facets;
            _single = new SortedDocValues?[facets.Count];
            _segmentCounts = new int[facets.Count][];
            _wantedOrd = new int[facets.Count];
            for (var f = 0; f < facets.Count; f++)
            {
                var isMulti = facets[f] == SearchFields.TargetGroup;
                long valueCount;
                if (isMulti)
                {
                    _multi = reader.GetSortedSetDocValues(facets[f]);
                    valueCount = _multi?.ValueCount ?? 0;
                    _wantedOrd[f] = _wanted[f] is { } w && _multi is not null ? (int)_multi.LookupTerm(new BytesRef(w)) : -1;
                }
                else
                {
                    _single[f] = reader.GetSortedDocValues(facets[f]);
                    valueCount = _single[f]?.ValueCount ?? 0;
                    _wantedOrd[f] = _wanted[f] is { } w && _single[f] is { } values ? values.LookupTerm(new BytesRef(w)) : -1;
                }

                _segmentCounts[f] = new int[valueCount];
            }
        }

        public void Collect(int doc)
        {
            var facets = _segmentCounts.Length;
            var failed = -1;
            var failures = 0;
            Span<int> ords = stackalloc int[facets];
            for (var f = 0; f < facets; f++)
            {
                ords[f] = _single[f]?.GetOrd(doc) ?? -1;
                if (_wanted[f] is null)
                {
                    continue;
                }

                var passes = _single[f] is not null
                    ? ords[f] >= 0 && ords[f] == _wantedOrd[f]
                    : HasWantedGroup(doc, _wantedOrd[f]);
                if (!passes)
                {
                    failed = f;
                    failures++;
                }
            }

            if (failures > 1)
            {
                return;
            }

            for (var f = 0; f < facets; f++)
            {
                if (failures == 1 && f != failed)
                {
                    continue;
                }

                if (_single[f] is not null)
                {
                    if (ords[f] >= 0)
                    {
                        _segmentCounts[f][ords[f]]++;
                    }
                }
                else if (_multi is not null && SearchFields.Facets[f] == SearchFields.TargetGroup)
                {
                    _multi.SetDocument(doc);
                    long ord;
                    while ((ord = _multi.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    {
                        _segmentCounts[f][ord]++;
                    }
                }
            }
        }

        private bool HasWantedGroup(int doc, int wantedOrd)
        {
            if (_multi is null || wantedOrd < 0)
            {
                return false;
            }

            _multi.SetDocument(doc);
            long ord;
            while ((ord = _multi.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                if (ord == wantedOrd)
                {
                    return true;
                }
            }

            return false;
        }

        private void Flush()
        {
            for (var f = 0; f < _segmentCounts.Length; f++)
            {
                var counts = _segmentCounts[f];
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] == 0)
                    {
                        continue;
                    }

                    if (_single[f] is { } single)
                    {
                        single.LookupOrd(ord, _scratch);
                    }
                    else
                    {
                        _multi!.LookupOrd(ord, _scratch);
                    }

                    var value = _scratch.Utf8ToString();
                    _counts[f][value] = _counts[f].GetValueOrDefault(value) + counts[ord];
                }
            }

            _segmentCounts = [];
        }

        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Result()
        {
            Flush();
            var result = new Dictionary<string, IReadOnlyDictionary<string, int>>();
            for (var f = 0; f < SearchFields.Facets.Count; f++)
            {
                result[SearchFields.Facets[f]] = _counts[f];
            }

            return result;
        }
    }

    private sealed class EventIdCollector : ICollector
    {
        private readonly BytesRef _scratch = new();
        private BinaryDocValues? _ids;

        public HashSet<Guid> Ids { get; } = [];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _ids = context.AtomicReader.GetBinaryDocValues(SearchFields.EventId);

        public void Collect(int doc)
        {
            if (_ids is null)
            {
                return;
            }

            _ids.Get(doc, _scratch);
            if (_scratch.Length == 16)
            {
                Ids.Add(new Guid(_scratch.Bytes.AsSpan(_scratch.Offset, 16)));
            }
        }
    }
}
