using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Campaign.Web.Features.Search;

/// <summary>
/// Danish text analysis for the site search. Indexed text and user queries go through the same
/// pipeline (split, lowercase, stop words, Snowball stem, fold), so a term only ever has to be
/// compared with another term by plain string equality.
/// </summary>
public static class DanishText
{
    private const int MaxQueryWordLength = 40;

    private const char Ellipsis = '…';

    // Only function words that carry no meaning for a search. The check runs on whole words before
    // stemming, so content words that merely start with a stop word ("ensom", "detalje", "manden")
    // are never touched. "pa" and "sa" are how "på" and "så" come out on a keyboard without æøå;
    // left in, they would become query terms that no indexed text can ever contain.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "og", "i", "at", "en", "et", "den", "det", "de", "er", "til", "på", "pa", "med", "for", "af",
        "som", "har", "om", "vi", "du", "der", "ikke", "kan", "men", "så", "sa", "sig", "jeg", "man",
        "fra", "hvad", "eller", "var", "være",
    };

    // In capitals these are full-text operators. Stripping punctuation already takes away their
    // meaning, but as plain words they would still be required terms, so "bil OR hus" would only
    // find pages that also contain the word "or".
    private static readonly HashSet<string> OperatorWords = new(StringComparer.Ordinal)
    {
        "AND", "OR", "NOT", "NEAR",
    };

    private static readonly TextInfo DanishCasing = GetDanishCasing();

    // HtmlEncoder.Default escapes every non-ASCII letter (æ becomes &#xE6;); allowing all ranges still
    // escapes the HTML-significant characters but keeps Danish snippets readable and short.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // Snowball stemmers keep the word being stemmed as instance state, so one per thread is the
    // cheapest way to be safe under concurrent requests without allocating per word.
    [ThreadStatic]
    private static DanishStemmer? stemmer;

    /// <summary>Search terms of a text, in order and with repeats (term frequency matters for ranking).</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var terms = new List<string>();
        foreach (var (start, length) in Words(text))
        {
            if (TermOf(text.AsSpan(start, length)) is { } term)
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>The terms joined by single spaces: the form stored in the full-text index.</summary>
    public static string Normalize(string? text) => string.Join(' ', Terms(text));

    /// <summary>
    /// Distinct terms of what a user typed. Every character that is not a letter or digit only
    /// separates words, so quotes, <c>*</c>, <c>:</c>, parentheses, <c>-</c> and <c>^</c> can never
    /// reach the full-text engine as syntax. Never throws.
    /// </summary>
    public static IReadOnlyList<string> QueryTerms(string? query, int maxTerms = 10)
    {
        if (string.IsNullOrEmpty(query) || maxTerms <= 0)
        {
            return [];
        }

        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, length) in Words(query))
        {
            var word = query.AsSpan(start, length);

            // A longer "word" is pasted garbage rather than something an indexed page contains.
            if (length > MaxQueryWordLength || IsOperatorWord(word))
            {
                continue;
            }

            if (TermOf(word) is { } term && seen.Add(term))
            {
                terms.Add(term);
                if (terms.Count == maxTerms)
                {
                    break;
                }
            }
        }

        return terms;
    }

    /// <summary>Like <see cref="QueryTerms"/>, with the word each term came from as typed.</summary>
    public static IReadOnlyList<(string Term, string Word)> QueryWords(string? query, int maxTerms = 10)
    {
        var result = new List<(string, string)>();
        if (string.IsNullOrEmpty(query) || maxTerms <= 0)
        {
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, length) in Words(query))
        {
            var word = query.AsSpan(start, length);
            if (length > MaxQueryWordLength || IsOperatorWord(word))
            {
                continue;
            }

            if (TermOf(word) is { } term && seen.Add(term))
            {
                result.Add((term, word.ToString()));
                if (result.Count == maxTerms)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The first word of the text whose term is <paramref name="term"/>, as it is written there.</summary>
    public static string? FindWord(string? text, string term)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var (start, length) in Words(text))
        {
            if (TermOf(text.AsSpan(start, length)) == term)
            {
                return text.Substring(start, length);
            }
        }

        return null;
    }

    /// <summary>
    /// An HTML-encoded snippet of about <paramref name="maxLength"/> characters of
    /// <paramref name="text"/> around the first word that matches one of <paramref name="terms"/>,
    /// with every matching word wrapped in <c>&lt;mark&gt;</c>. Without a match it is the start of
    /// the text. Safe to write to a page unencoded.
    /// </summary>
    public static string Highlight(string text, IReadOnlyCollection<string> terms, int maxLength = 220, bool compoundParts = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var wanted = terms as HashSet<string> ?? new HashSet<string>(terms ?? [], StringComparer.Ordinal);
        var words = new List<(int Start, int Length)>(Words(text));
        var firstHit = wanted.Count == 0
            ? -1
            : words.FindIndex(w => IsHit(text, w, wanted, compoundParts));

        var (start, end) = Window(text, words, firstHit, maxLength);

        var html = new StringBuilder(end - start + 32);
        if (start > 0)
        {
            html.Append(Ellipsis);
        }

        var position = start;
        foreach (var word in words)
        {
            var wordEnd = word.Start + word.Length;
            if (word.Start < start)
            {
                continue;
            }

            // A hard cut inside a giant word leaves its tail to the plain-text part below.
            if (wordEnd > end)
            {
                break;
            }

            if (wanted.Count > 0 && IsHit(text, word, wanted, compoundParts))
            {
                html.Append(Encoder.Encode(text[position..word.Start]));
                html.Append("<mark>").Append(Encoder.Encode(text.Substring(word.Start, word.Length))).Append("</mark>");
                position = wordEnd;
            }
        }

        html.Append(Encoder.Encode(text[position..end]));
        if (end < text.Length)
        {
            html.Append(Ellipsis);
        }

        return html.ToString();
    }

    /// <summary>
    /// The vocabulary term closest to <paramref name="term"/> by optimal string alignment distance
    /// (Damerau–Levenshtein without repeated edits of a substring), allowing 1 edit for terms of
    /// 4–6 characters and 2 from 7 characters; shorter terms get none, as nearly every short word is
    /// one edit from another. Ties go to the shorter, then the ordinally first, term.
    /// Both sides are expected in the form <see cref="Terms"/> produces.
    /// </summary>
    public static string? ClosestTerm(string term, IEnumerable<string> vocabulary)
    {
        if (term is null || vocabulary is null)
        {
            return null;
        }

        var maxDistance = term.Length switch
        {
            < 4 => -1,
            <= 6 => 1,
            _ => 2,
        };
        if (maxDistance < 0)
        {
            return null;
        }

        // Candidates surviving the length filter are at most this long, so the rows are allocated once.
        var rows = new DistanceRows(term.Length + maxDistance + 1);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in vocabulary)
        {
            // The distance is at least the length difference, so most of a large vocabulary is
            // rejected here without any work.
            if (candidate is null || Math.Abs(candidate.Length - term.Length) > maxDistance)
            {
                continue;
            }

            // Once something is found, only candidates at least as close can still win.
            var bound = Math.Min(maxDistance, bestDistance);
            var distance = rows.Distance(term, candidate, bound);
            if (distance > bound)
            {
                continue;
            }

            if (best is null
                || distance < bestDistance
                || (distance == bestDistance
                    && (candidate.Length < best.Length
                        || (candidate.Length == best.Length && string.CompareOrdinal(candidate, best) < 0))))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>
    /// The term for one word, or null when the word does not become one (too short, a stop word).
    /// </summary>
    internal static string? TermOf(ReadOnlySpan<char> word)
    {
        // Decomposed input (e + combining accent, common in text pasted from macOS) must give the same
        // term as the precomposed letter.
        var composed = word.ToString().Normalize(NormalizationForm.FormC);
        var lower = DanishCasing.ToLower(composed);
        if (lower.Length < 2)
        {
            return null;
        }

        var danish = ToStemmerLetters(lower);
        if (StopWords.Contains(danish))
        {
            return null;
        }

        var term = Fold(Stem(danish));
        return term.Length == 0 ? null : term;
    }

    private static string Stem(string word)
    {
        var danish = stemmer ??= new DanishStemmer();
        danish.SetCurrent(word);
        danish.Stem();
        return danish.Current;
    }

    /// <summary>
    /// Brings every spelling of a word to the one the Danish stemmer understands before it runs.
    /// Snowball places R1 after the first vowel-consonant pair and treats letters it does not know as
    /// consonants, so "haeren"/"hæren" or "cafe"/"café" would otherwise lose different suffixes and
    /// fold to different terms. The ASCII spellings "ae", "oe", "aa" become æ, ø, å (which also makes
    /// the old spellings "paa" and "vaere" meet the stop words "på" and "være"), and foreign accents
    /// become the plain or Danish letter they fold to anyway.
    /// </summary>
    private static string ToStemmerLetters(string word)
    {
        var result = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            var next = i + 1 < word.Length ? word[i + 1] : '\0';
            var digraph = (c, next) switch
            {
                ('a', 'e') => 'æ',
                ('o', 'e') => 'ø',
                ('a', 'a') => 'å',
                _ => '\0',
            };

            if (digraph != '\0')
            {
                result.Append(digraph);
                i++;
                continue;
            }

            result.Append(c switch
            {
                'é' or 'è' or 'ê' => 'e',
                'ü' => 'u',
                'ö' => 'ø',
                'ä' => 'æ',
                _ => c,
            });
        }

        return result.ToString();
    }

    /// <summary>
    /// Folds a stem to plain letters, so "rodovre" typed without æøå meets "Rødovre", then collapses
    /// "ae", "oe" and "aa" (also where the letter folding just created them). Anything else that is
    /// not a letter or digit by itself (combining marks that survived composition, the halves of a
    /// character that composition turned into a surrogate pair) is dropped, so a term can be put
    /// into a full-text query without any escaping. The foreign
    /// accents are already gone before stemming; they stay in the table so the folding is complete
    /// on its own.
    /// </summary>
    private static string Fold(string stem)
    {
        var result = new StringBuilder(stem.Length);
        foreach (var original in stem)
        {
            var c = original switch
            {
                'æ' or 'ä' or 'å' => 'a',
                'ø' or 'ö' => 'o',
                'é' or 'è' or 'ê' => 'e',
                'ü' => 'u',
                _ => original,
            };

            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            // Comparing with the last letter kept (not the last one read) collapses runs like "aaa"
            // completely, which keeps folding idempotent.
            if (result.Length > 0)
            {
                var previous = result[^1];
                if ((previous == 'a' && (c == 'e' || c == 'a')) || (previous == 'o' && c == 'e'))
                {
                    continue;
                }
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// Runs of letters and digits; everything else, hyphens included, separates words. Combining
    /// marks stay with the letter they decorate so decomposed accents do not split a word.
    /// </summary>
    internal static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsWordChar(text[i], inWord: start >= 0))
            {
                if (start < 0)
                {
                    start = i;
                }
            }
            else if (start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }

        if (start >= 0)
        {
            yield return (start, text.Length - start);
        }
    }

    private static bool IsWordChar(char c, bool inWord) =>
        char.IsLetterOrDigit(c)
        || (inWord && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark);

    private static bool IsOperatorWord(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 4 && OperatorWords.Contains(word.ToString());

    // With compound parts, "spisning" also marks "fællesspisning": the index finds a compound by its last part.
    private static bool IsHit(string text, (int Start, int Length) word, HashSet<string> wanted, bool compoundParts) =>
        TermOf(text.AsSpan(word.Start, word.Length)) is { } term
        && (wanted.Contains(term) || (compoundParts && CompoundParts(term).Any(wanted.Contains)));

    /// <summary>The shortest part a compound is found by, and the shortest first part that leaves a real word behind.</summary>
    public const int MinPartLength = 4;

    internal const int MinPrefixOfPart = 3;

    /// <summary>
    /// The tails of a term that a search can find it by: "fallesspisning" by "spisning", "pisning" … "ning".
    /// Danish compounds put the head last, so a tail is what people type when they mean the compound.
    /// </summary>
    public static IEnumerable<string> CompoundParts(string term)
    {
        for (var start = MinPrefixOfPart; term.Length - start >= MinPartLength; start++)
        {
            yield return term[start..];
        }
    }

    /// <summary>
    /// The part of the text to show: about <paramref name="maxLength"/> characters starting a little
    /// before the first hit (so the reader sees what it is about), cut where words end.
    /// </summary>
    private static (int Start, int End) Window(string text, List<(int Start, int Length)> words, int firstHit, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return (0, text.Length);
        }

        int start = 0, end = maxLength;
        int hitStart = -1, hitEnd = -1;
        if (firstHit >= 0)
        {
            (hitStart, var hitLength) = words[firstHit];
            hitEnd = hitStart + hitLength;
            start = Math.Max(0, hitStart - (maxLength / 4));
            end = Math.Min(text.Length, start + maxLength);

            // A hit near the end of the text gets the unused room in front of it instead.
            start = Math.Max(0, end - maxLength);
        }

        if (start > 0)
        {
            var snapped = start;
            while (snapped < text.Length && !char.IsWhiteSpace(text[snapped - 1]))
            {
                snapped++;
            }

            while (snapped < text.Length && char.IsWhiteSpace(text[snapped]))
            {
                snapped++;
            }

            // The hit itself starts a word, so it is always a good place to begin.
            start = hitStart >= 0 && snapped > hitStart ? hitStart : snapped;
        }

        if (end < text.Length)
        {
            var snapped = end;
            while (snapped > start && !char.IsWhiteSpace(text[snapped]) && !char.IsWhiteSpace(text[snapped - 1]))
            {
                snapped--;
            }

            while (snapped > start && char.IsWhiteSpace(text[snapped - 1]))
            {
                snapped--;
            }

            if (snapped > start && snapped >= hitEnd)
            {
                end = snapped;
            }
            else
            {
                // No word boundary in the window (one giant token), or the boundary would cut off the
                // hit: cut hard, but never before the end of the hit word.
                end = Math.Max(end, hitEnd);
            }

            // Nor between the halves of a surrogate pair, which would encode as garbage.
            if (end < text.Length && end - 1 > start && char.IsLowSurrogate(text[end]))
            {
                end--;
            }
        }

        return (start, end);
    }

    private static TextInfo GetDanishCasing()
    {
        try
        {
            return CultureInfo.GetCultureInfo("da-DK").TextInfo;
        }
        catch (CultureNotFoundException)
        {
            // Without ICU data the culture is missing; invariant casing lowercases æøå the same way.
            return CultureInfo.InvariantCulture.TextInfo;
        }
    }

    /// <summary>
    /// Reusable rows for a bounded optimal-string-alignment distance, so scanning a large
    /// vocabulary allocates nothing per candidate.
    /// </summary>
    private sealed class DistanceRows(int capacity)
    {
        private int[] beforePrevious = new int[capacity];
        private int[] previous = new int[capacity];
        private int[] current = new int[capacity];

        /// <summary>The distance, or <paramref name="bound"/> + 1 as soon as it must exceed the bound.</summary>
        public int Distance(string a, string b, int bound)
        {
            if (b.Length + 1 > current.Length)
            {
                // Only reachable when a caller bypasses the length filter; stay correct anyway.
                beforePrevious = new int[b.Length + 1];
                previous = new int[b.Length + 1];
                current = new int[b.Length + 1];
            }

            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMinimum = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        value = Math.Min(value, beforePrevious[j - 2] + 1);
                    }

                    current[j] = value;
                    rowMinimum = Math.Min(rowMinimum, value);
                }

                // Every later cell builds on this row (a transposition from the row before it cannot
                // undercut it), so once the whole row is over the bound the answer is too.
                if (rowMinimum > bound)
                {
                    return bound + 1;
                }

                (beforePrevious, previous, current) = (previous, current, beforePrevious);
            }

            var distance = previous[b.Length];
            return distance > bound ? bound + 1 : distance;
        }
    }
}
