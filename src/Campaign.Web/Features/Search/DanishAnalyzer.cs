using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Lucene's view of <see cref="DanishText"/>: the index and every query split, fold, stop and stem words the same way as
/// snippets are highlighted, so a word matches exactly when it is marked. The parts field holds each term's compound
/// tails instead of the term (see <see cref="DanishText.CompoundParts"/>).
/// </summary>
public sealed class DanishAnalyzer() : Analyzer(PER_FIELD_REUSE_STRATEGY)
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new DanishTokenizer(reader, compoundParts: fieldName == SearchFields.Parts));

    private sealed class DanishTokenizer : Tokenizer
    {
        private readonly ICharTermAttribute _term;
        private readonly IOffsetAttribute _offset;
        private readonly bool _compoundParts;
        private readonly List<(string Term, int Start, int End)> _tokens = [];
        private int _next;
        private int _length;
        private bool _read;

        public DanishTokenizer(TextReader input, bool compoundParts) : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
            _compoundParts = compoundParts;
        }

        public override bool IncrementToken()
        {
            if (!_read)
            {
                Read();
            }

            if (_next >= _tokens.Count)
            {
                return false;
            }

            ClearAttributes();
            var (term, start, end) = _tokens[_next++];
            _term.SetEmpty().Append(term);
            _offset.SetOffset(CorrectOffset(start), CorrectOffset(end));
            return true;
        }

        // A field is at most a few thousand characters, so reading it whole keeps the word rules in one place.
        private void Read()
        {
            _read = true;
            var text = m_input.ReadToEnd();
            _length = text.Length;
            foreach (var (start, length) in DanishText.Words(text))
            {
                if (DanishText.TermOf(text.AsSpan(start, length)) is not { } term)
                {
                    continue;
                }

                if (!_compoundParts)
                {
                    _tokens.Add((term, start, start + length));
                    continue;
                }

                foreach (var part in DanishText.CompoundParts(term))
                {
                    _tokens.Add((part, start, start + length));
                }
            }
        }

        public override void Reset()
        {
            base.Reset();
            _tokens.Clear();
            _next = 0;
            _read = false;
        }

        public override void End()
        {
            base.End();
            var end = CorrectOffset(_length);
            _offset.SetOffset(end, end);
        }
    }
}

/// <summary>The index's field names, and how much a match in each weighs.</summary>
public static class SearchFields
{
    public const string Key = "key";
    public const string Type = "type";
    public const string Url = "url";
    public const string Snippet = "snippet";
    public const string Title = "title";
    public const string Summary = "summary";
    public const string Body = "body";

    /// <summary>Organiser, venue, city, municipality, region, series, target groups and type, as words.</summary>
    public const string Meta = "meta";

    public const string Parts = "parts";
    public const string Municipality = "kommune";
    public const string Region = "region";
    public const string Series = "serie";
    public const string TargetGroup = "maalgruppe";
    public const string Date = "date";
    public const string EventId = "eventid";

    /// <summary>Text fields a word is looked for in, with their weight; a compound part weighs least.</summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> Text =
        [(Title, 4f), (Summary, 2f), (Meta, 1.5f), (Body, 1f)];

    public const float PartsBoost = 0.3f;

    /// <summary>The facets, counted over every hit.</summary>
    public static readonly IReadOnlyList<string> Facets = [Type, Municipality, Region, Series, TargetGroup];
}
