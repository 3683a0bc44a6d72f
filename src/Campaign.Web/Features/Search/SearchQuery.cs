using System.Text;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Turns what someone typed into clauses. Quotes are the only syntax: "like this" is a phrase, everything else is words,
/// and every other character only separates words, so nothing a user types reaches Lucene as query syntax.
/// </summary>
public static class SearchQuery
{
    public const int MaxClauses = 10;

    public static IReadOnlyList<SearchClause> Parse(string? query, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>> synonyms)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var clauses = new List<SearchClause>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var segments = query.Split('"');

        // Still typing: the last word is matched as a prefix, unless the query ends in a space or a closing quote.
        var typing = !char.IsWhiteSpace(query[^1]) && query[^1] != '"';
        for (var s = 0; s < segments.Length && clauses.Count < MaxClauses; s++)
        {
            var inQuotes = s % 2 == 1;
            if (inQuotes)
            {
                var terms = DanishText.Terms(segments[s]);
                if (terms.Count > 0 && seen.Add(string.Join(' ', terms)))
                {
                    clauses.Add(new SearchClause([terms], Phrase: true, Prefix: false, Source: $"\"{segments[s].Trim()}\""));
                }

                continue;
            }

            foreach (var (term, word) in DanishText.QueryWords(segments[s], MaxClauses - clauses.Count))
            {
                if (!seen.Add(term))
                {
                    continue;
                }

                IReadOnlyList<IReadOnlyList<string>> alternatives = synonyms.TryGetValue(term, out var others) ? [[term], .. others] : [[term]];
                clauses.Add(new SearchClause(alternatives, Phrase: false, Prefix: false, Source: word));
            }
        }

        if (typing && clauses.Count > 0 && !clauses[^1].Phrase && segments.Length % 2 == 1)
        {
            clauses[^1] = clauses[^1] with { Prefix = true };
        }

        return clauses;
    }

    /// <summary>Every term a snippet should mark: the typed words and their synonyms.</summary>
    public static IReadOnlyList<string> HighlightTerms(IReadOnlyList<SearchClause> clauses) =>
        clauses.SelectMany(c => c.Alternatives.SelectMany(a => a)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The corrected query as a person would write it: each corrected word as it is spelled in the first hit that has it
    /// ("fællesspisning", not the index's "fallesspisning"), the other words as they were typed.
    /// </summary>
    public static string Display(IReadOnlyList<SearchClause> clauses, IReadOnlySet<int> changed, IReadOnlyList<SearchHit> hits)
    {
        var words = new List<string>(clauses.Count);
        for (var i = 0; i < clauses.Count; i++)
        {
            words.Add(changed.Contains(i) ? SpelledInHits(clauses[i].Typed[0], hits) : clauses[i].Source);
        }

        return string.Join(' ', words);
    }

    private static string SpelledInHits(string term, IReadOnlyList<SearchHit> hits)
    {
        foreach (var hit in hits)
        {
            foreach (var text in new[] { hit.Title, hit.Text })
            {
                if (DanishText.FindWord(text, term) is { } word)
                {
                    return word.ToLower(System.Globalization.CultureInfo.GetCultureInfo("da-DK"));
                }
            }
        }

        return term;
    }
}
