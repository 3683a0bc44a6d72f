using System.Net;
using System.Text;
using Campaign.Web.Features.Search;

namespace Campaign.Tests.Search;

public sealed class DanishTextTests
{
    private static string Term(string word) => Assert.Single(DanishText.Terms(word));

    // Stems worked out by hand from the Snowball Danish algorithm (R1, main suffixes, consonant
    // pair, other suffixes, undoubling), shown here after folding æ→a, ø→o.
    [Theory]
    [InlineData("husene", "hus")]
    [InlineData("huset", "hus")]
    [InlineData("huse", "hus")]
    [InlineData("bilerne", "bil")]
    [InlineData("kommunens", "kommun")]
    [InlineData("kommune", "kommun")]
    [InlineData("frivillige", "frivil")]
    [InlineData("frivillig", "frivil")]
    [InlineData("ensomhed", "ensom")]
    [InlineData("ensomheden", "ensom")]
    [InlineData("ensomme", "ensom")]
    [InlineData("kærligheden", "kar")]
    [InlineData("ansvarsløst", "ansvarslos")]
    [InlineData("undersøgelsen", "undersog")]
    [InlineData("borgerne", "borg")]
    [InlineData("indbyggere", "indbyg")]
    [InlineData("valgt", "valg")]
    [InlineData("lægerne", "lag")]
    [InlineData("fællesskaber", "fallesskab")]
    public void Terms_stem_with_the_Danish_Snowball_stemmer_and_fold(string word, string expected)
    {
        Assert.Equal(expected, Term(word));
    }

    [Theory]
    [InlineData("fællesskab", "fællesskaber", "fællesskaberne", "faellesskaber", "FÆLLESSKAB")]
    [InlineData("Rødovre", "rodovre", "roedovre", "RØDOVRE", "rødovre")]
    [InlineData("ældre", "aeldre", "Ældre", "AELDRE", "aldre")]
    [InlineData("Aarhus", "Århus", "arhus", "aarhus", "ÅRHUS")]
    [InlineData("café", "cafe", "CAFÉ", "cafè", "cafê")]
    [InlineData("ensomhed", "ensomheden", "ensomme", "ensom", "Ensomhed")]
    public void Spellings_of_one_word_give_one_term(string first, string second, string third, string fourth, string fifth)
    {
        var expected = Term(first);
        Assert.All([second, third, fourth, fifth], word => Assert.Equal(expected, Term(word)));
    }

    [Fact]
    public void Decomposed_accents_give_the_same_term_as_precomposed_letters()
    {
        var decomposed = "Århus café Ældre".Normalize(NormalizationForm.FormD);

        Assert.Equal("A\u030Arhus cafe\u0301 Ældre", decomposed);
        Assert.Equal(DanishText.Terms("Århus café Ældre"), DanishText.Terms(decomposed));
    }

    [Fact]
    public void Terms_split_on_hyphens_and_punctuation_and_keep_digits()
    {
        Assert.Equal(
            ["rodovr", "hvidovr", "valg", "2024", "kommun"],
            DanishText.Terms("Rødovre-Hvidovre: valg 2024 (kommunen)!"));
    }

    [Fact]
    public void Terms_drop_single_characters()
    {
        Assert.Equal(["bil"], DanishText.Terms("a b 7 x bil"));
    }

    [Fact]
    public void Terms_keep_repeats_because_term_frequency_ranks()
    {
        Assert.Equal(["bil", "bil"], DanishText.Terms("bil biler"));
    }

    [Fact]
    public void Terms_of_nothing_are_empty()
    {
        Assert.Empty(DanishText.Terms(null));
        Assert.Empty(DanishText.Terms(""));
        Assert.Empty(DanishText.Terms("  -- !! "));
    }

    [Theory]
    [InlineData("og")]
    [InlineData("i")]
    [InlineData("at")]
    [InlineData("en")]
    [InlineData("et")]
    [InlineData("den")]
    [InlineData("det")]
    [InlineData("de")]
    [InlineData("er")]
    [InlineData("til")]
    [InlineData("på")]
    [InlineData("paa")]
    [InlineData("pa")]
    [InlineData("med")]
    [InlineData("for")]
    [InlineData("af")]
    [InlineData("som")]
    [InlineData("har")]
    [InlineData("om")]
    [InlineData("vi")]
    [InlineData("du")]
    [InlineData("der")]
    [InlineData("ikke")]
    [InlineData("kan")]
    [InlineData("men")]
    [InlineData("så")]
    [InlineData("sig")]
    [InlineData("jeg")]
    [InlineData("man")]
    [InlineData("fra")]
    [InlineData("hvad")]
    [InlineData("eller")]
    [InlineData("var")]
    [InlineData("være")]
    [InlineData("vaere")]
    [InlineData("Og")]
    [InlineData("PÅ")]
    public void Stop_words_are_dropped(string word)
    {
        Assert.Empty(DanishText.Terms(word));
    }

    [Theory]
    [InlineData("ensom")]
    [InlineData("ensomhed")]
    [InlineData("detalje")]
    [InlineData("manden")]
    [InlineData("denne")]
    [InlineData("omsorg")]
    [InlineData("vare")]
    [InlineData("sige")]
    public void Content_words_that_look_like_stop_words_stay(string word)
    {
        Assert.Single(DanishText.Terms(word));
    }

    [Fact]
    public void Normalize_joins_the_terms_with_spaces()
    {
        Assert.Equal("fallesskab rodovr ensom", DanishText.Normalize("Fællesskaber i Rødovre er for ensomme"));
        Assert.Equal("", DanishText.Normalize(null));
    }

    [Fact]
    public void Normalized_text_and_query_meet_on_the_same_terms()
    {
        var index = DanishText.Normalize("Nye fællesskaber for ældre i Rødovre og Aarhus").Split(' ');

        Assert.All(DanishText.QueryTerms("faellesskab aeldre rodovre århus"), term => Assert.Contains(term, index));
    }

    [Fact]
    public void Query_operators_and_syntax_carry_no_meaning()
    {
        var terms = DanishText.QueryTerms("\"fællesskab\" AND ensom* OR (rødovre) NOT -ældre NEAR(bil^2) title:kommune");

        Assert.Equal(["fallesskab", "ensom", "rodovr", "aldr", "bil", "titl", "kommun"], terms);
    }

    [Fact]
    public void Lowercase_and_or_not_are_ordinary_words()
    {
        Assert.Equal(DanishText.Terms("not"), DanishText.QueryTerms("not"));
    }

    [Fact]
    public void Query_terms_are_deduplicated_and_limited()
    {
        Assert.Equal(["fallesskab"], DanishText.QueryTerms("fællesskab fællesskaber faellesskaberne"));
        Assert.Equal(["bil", "hus"], DanishText.QueryTerms("bil hus kommune ensom", maxTerms: 2));
        Assert.Empty(DanishText.QueryTerms("bil", maxTerms: 0));
        Assert.Empty(DanishText.QueryTerms("bil", maxTerms: -3));
    }

    [Fact]
    public void Query_words_longer_than_40_characters_are_ignored()
    {
        var word40 = new string('b', 40);
        var word41 = new string('b', 41);

        Assert.Single(DanishText.QueryTerms(word40));
        Assert.Empty(DanishText.QueryTerms(word41));
        Assert.Equal(["bil"], DanishText.QueryTerms(word41 + " bil"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("*")]
    [InlineData("AND OR NOT NEAR")]
    [InlineData("(((")]
    [InlineData("^:-")]
    [InlineData("😀🎉")]
    [InlineData("\uD800")]
    [InlineData("\0\u0001\u200B")]
    public void Hostile_queries_without_words_give_no_terms(string? query)
    {
        Assert.Empty(DanishText.QueryTerms(query));
    }

    [Fact]
    public void Script_in_a_query_becomes_plain_words()
    {
        Assert.Equal(["script", "alert"], DanishText.QueryTerms("<script>alert(1)</script>"));
    }

    [Fact]
    public void Emoji_between_words_only_separate_them()
    {
        Assert.Equal(["bil", "hus"], DanishText.QueryTerms("bil😀hus"));
    }

    [Fact]
    public void A_3000_character_garbage_query_never_throws_and_gives_only_plain_terms()
    {
        var random = new Random(1234);
        const string alphabet = "\"*:()-^<>&;'`~|\\/ NEARANDORNOT æøåÆØÅ abc 123 😀 \uD800\uDC00\uFFFF\0\t\n";
        var garbage = new string(Enumerable.Range(0, 3000).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

        var terms = DanishText.QueryTerms(garbage);

        Assert.InRange(terms.Count, 0, 10);
        Assert.All(terms, term => Assert.True(term.All(char.IsLetterOrDigit), term));
        Assert.Equal(terms.Count, terms.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Random_unicode_queries_never_throw()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var chars = Enumerable.Range(0, random.Next(0, 300)).Select(_ => (char)random.Next(0, char.MaxValue + 1)).ToArray();
            var terms = DanishText.QueryTerms(new string(chars));
            Assert.All(terms, term => Assert.True(term.All(char.IsLetterOrDigit), term));
        }
    }

    [Fact]
    public void Highlight_marks_inflected_forms_and_keeps_Danish_letters()
    {
        var terms = DanishText.QueryTerms("fællesskab rodovre ældre");

        var html = DanishText.Highlight("Fællesskaberne for ældre i Rødovre-Hvidovre vokser.", terms);

        Assert.Equal("<mark>Fællesskaberne</mark> for <mark>ældre</mark> i <mark>Rødovre</mark>-Hvidovre vokser.", html);
    }

    [Fact]
    public void Highlight_matches_text_typed_without_Danish_letters()
    {
        var html = DanishText.Highlight("Besøg os i Rødovre og Aarhus", DanishText.QueryTerms("roedovre arhus"));

        Assert.Equal("Besøg os i <mark>Rødovre</mark> og <mark>Aarhus</mark>", html);
    }

    [Fact]
    public void Highlight_encodes_markup_in_the_text()
    {
        var html = DanishText.Highlight("Ældre <script>alert('ældre')</script> & \"venner\"", DanishText.QueryTerms("ældre"));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&amp;", html);
        Assert.Equal(2, CountOf(html, "<mark>"));
        Assert.Equal(
            "Ældre <script>alert('ældre')</script> & \"venner\"",
            WebUtility.HtmlDecode(html.Replace("<mark>", "").Replace("</mark>", "")));
    }

    [Fact]
    public void Highlight_never_lets_a_search_term_inject_markup()
    {
        var html = DanishText.Highlight("<b>script</b>", ["<b>", "script"]);

        Assert.Equal("&lt;b&gt;<mark>script</mark>&lt;/b&gt;", html);
    }

    [Fact]
    public void Highlight_windows_long_text_around_the_first_hit_at_word_boundaries()
    {
        var before = string.Join(' ', Enumerable.Repeat("Lorem ipsum dolor sit amet.", 40));
        var after = string.Join(' ', Enumerable.Repeat("Consectetur adipiscing elit.", 40));
        var text = before + " Vi mødes i fællesskabet hver torsdag. " + after;

        var html = DanishText.Highlight(text, DanishText.QueryTerms("fællesskab"), maxLength: 120);

        Assert.StartsWith("…", html);
        Assert.EndsWith("…", html);
        Assert.Contains("<mark>fællesskabet</mark>", html);
        var plain = WebUtility.HtmlDecode(html.Replace("<mark>", "").Replace("</mark>", ""));
        Assert.InRange(plain.Length, 60, 122);
        var inner = plain.Trim('…');
        Assert.Contains(inner, text);
        AssertWholeWords(text, inner);
        Assert.True(plain.IndexOf("fællesskabet", StringComparison.Ordinal) > 5, "some context is shown before the hit");
    }

    [Fact]
    public void Highlight_near_the_end_uses_the_room_before_the_hit()
    {
        var text = string.Join(' ', Enumerable.Repeat("Lorem ipsum dolor sit amet.", 40)) + " Slut med ensomhed";

        var html = DanishText.Highlight(text, DanishText.QueryTerms("ensom"), maxLength: 100);

        Assert.StartsWith("…", html);
        Assert.EndsWith("<mark>ensomhed</mark>", html);
        Assert.InRange(WebUtility.HtmlDecode(html.Replace("<mark>", "").Replace("</mark>", "")).Length, 60, 101);
    }

    [Fact]
    public void Highlight_without_a_hit_shows_the_start_of_the_text()
    {
        var text = "Første sætning om kommunen. " + string.Join(' ', Enumerable.Repeat("Lorem ipsum dolor sit amet.", 40));

        var html = DanishText.Highlight(text, DanishText.QueryTerms("fællesskab"), maxLength: 50);

        Assert.StartsWith("Første sætning om kommunen.", html);
        Assert.EndsWith("…", html);
        Assert.DoesNotContain("<mark>", html);
        var inner = html.TrimEnd('…');
        Assert.InRange(inner.Length, 30, 50);
        AssertWholeWords(text, inner);
    }

    [Fact]
    public void Highlight_of_short_text_without_terms_is_the_whole_text_encoded()
    {
        Assert.Equal("Æbler &amp; pærer", DanishText.Highlight("Æbler & pærer", []));
        Assert.Equal("", DanishText.Highlight("", ["bil"]));
    }

    [Fact]
    public void Highlight_cuts_a_text_without_spaces_without_breaking_surrogate_pairs()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 100));

        var html = DanishText.Highlight(text, ["bil"], maxLength: 11);

        Assert.EndsWith("…", html);
        Assert.DoesNotContain("\uFFFD", html);
        Assert.DoesNotContain("&#xFFFD;", html);
    }

    [Fact]
    public void Highlight_rejects_a_useless_length()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DanishText.Highlight("tekst", [], maxLength: 0));
    }

    [Fact]
    public void ClosestTerm_corrects_a_typo_to_the_indexed_term()
    {
        var vocabulary = DanishText.Terms("ensomhed fællesskab rødovre kommune frivillige ældre");

        Assert.Equal(Term("ensomhed"), DanishText.ClosestTerm(Term("ensomhd"), vocabulary));
        Assert.Equal(Term("fællesskab"), DanishText.ClosestTerm(Term("fælesskab"), vocabulary));
        Assert.Equal(Term("kommune"), DanishText.ClosestTerm(Term("komune"), vocabulary));
    }

    [Fact]
    public void ClosestTerm_counts_a_transposition_as_one_edit()
    {
        Assert.Equal("ensom", DanishText.ClosestTerm("ensmo", ["ensom", "hus"]));
        Assert.Equal("kommun", DanishText.ClosestTerm("kommnu", ["kommun"]));
    }

    [Fact]
    public void ClosestTerm_allows_one_edit_up_to_six_characters_and_two_from_seven()
    {
        Assert.Equal("kommun", DanishText.ClosestTerm("komun", ["kommun"]));
        Assert.Null(DanishText.ClosestTerm("kmun", ["kommun"]));
        Assert.Null(DanishText.ClosestTerm("kxmmxn", ["kommun"]));
        Assert.Equal("fallesskab", DanishText.ClosestTerm("falesskb", ["fallesskab"]));
        Assert.Null(DanishText.ClosestTerm("falsskb", ["fallesskab"]));
    }

    [Fact]
    public void ClosestTerm_ignores_short_terms_and_far_words()
    {
        Assert.Null(DanishText.ClosestTerm("bi", ["bil"]));
        Assert.Null(DanishText.ClosestTerm("bil", ["bol", "bil"]));
        Assert.Null(DanishText.ClosestTerm("xyzzyq", DanishText.Terms("ensomhed fællesskab rødovre kommune")));
        Assert.Null(DanishText.ClosestTerm("ensom", []));
    }

    [Fact]
    public void ClosestTerm_breaks_ties_by_length_then_ordinal_order()
    {
        Assert.Equal("huse", DanishText.ClosestTerm("husen", ["husene", "huse"]));
        Assert.Equal("hust", DanishText.ClosestTerm("huset", ["husit", "husat", "hust"]));
        Assert.Equal("husat", DanishText.ClosestTerm("huset", ["husit", "husat"]));
        Assert.Equal("huset", DanishText.ClosestTerm("huset", ["husat", "huset", "hust"]));
    }

    [Fact]
    public void ClosestTerm_scans_a_large_vocabulary()
    {
        // A sanity run, not a timing assertion: it must simply finish and find the one near term
        // among 50,000 generated ones.
        var random = new Random(7);
        var vocabulary = Enumerable.Range(0, 50_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(3, 15)).Select(_ => (char)('a' + random.Next(0, 26))).ToArray()))
            .Append(Term("ensomhed"))
            .ToList();

        Assert.Equal("ensom", DanishText.ClosestTerm("ensmo", vocabulary));
        Assert.Null(DanishText.ClosestTerm("qqqqqqqqqqqq", vocabulary));
    }

    [Fact]
    public void Terms_are_safe_to_compute_in_parallel()
    {
        var words = new[] { "fællesskaberne", "ensomheden", "kommunens", "frivillige", "undersøgelsen" };
        var expected = words.Select(Term).ToArray();

        var results = new string[2000];
        Parallel.For(0, results.Length, i => results[i] = Term(words[i % words.Length]));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(expected[i % words.Length], results[i]));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void AssertWholeWords(string text, string snippet)
    {
        var at = text.IndexOf(snippet, StringComparison.Ordinal);
        Assert.True(at >= 0, "the snippet is a piece of the text");
        Assert.True(at == 0 || char.IsWhiteSpace(text[at - 1]), "the snippet starts at a word");
        var end = at + snippet.Length;
        Assert.True(end == text.Length || char.IsWhiteSpace(text[end]), "the snippet ends at a word");
    }
}
