using AiNative.Platform.Governance.Pii;

namespace AiNative.Platform.Tests.Governance;

/// <summary>The shared scan's fast passes agree with the plain character-by-character definitions they replace.</summary>
public sealed class PiiScanPassesTests
{
    // Letters, digits, separators, whitespace, and non-ASCII letters/digits/marks that a vector compare must not count.
    private const string Alphabet = "abcXYZkeyKEY0123456789 -.:/@=_\n\téßıſ٣Ａ\u212A";

    [Fact]
    public void Char_map_finds_the_same_letter_and_digit_runs_as_a_scalar_scan()
    {
        var random = new Random(11);
        var map = new PiiCharMap();
        foreach (var text in Texts(random, 400))
        {
            map.Build(text);
            for (var i = 0; i <= text.Length; i++)
            {
                Assert.Equal(Next(text, i, char.IsAsciiLetter), map.NextLetter(i) is var l and >= 0 ? l : text.Length);
                Assert.Equal(Next(text, i, c => !char.IsAsciiLetter(c)), map.NextNonLetter(i));
                Assert.Equal(Next(text, i, char.IsAsciiDigit), map.NextDigit(i) is var d and >= 0 ? d : text.Length);
                Assert.Equal(Next(text, i, c => !char.IsAsciiDigit(c)), map.NextNonDigit(i));
            }

            Assert.Equal(text.Any(c => c >= 128), map.HasNonAscii);
            Assert.Equal(Runs(text, char.IsAsciiLetter), map.LetterRuns.ToArray());
            Assert.Equal(Runs(text, char.IsAsciiDigit), map.DigitRuns.ToArray());
            for (var i = 0; i <= text.Length; i++)
            {
                // The first run ending after i: the run holding i, or the next one.
                var runs = map.LetterRuns.ToArray();
                var expected = Enumerable.Range(0, runs.Length / 2).Select(k => k * 2).FirstOrDefault(k => runs[k + 1] > i, runs.Length);
                Assert.Equal(expected, PiiCharMap.FirstRunEndingAfter(runs, i));
            }
        }
    }

    [Fact]
    public void Word_filter_never_rules_out_a_listed_word_in_any_case()
    {
        string[] words = ["v", "ss", "po", "phone", "Telephone", "cardholder", "SharedAccessSignature"];
        var filter = new PiiWordFilter(words);

        foreach (var word in words)
        {
            Assert.True(filter.MayContain(word), word);
            Assert.True(filter.MayContain(word.ToUpperInvariant()), word);
            Assert.True(filter.MayContain(word.ToLowerInvariant()), word);
        }

        Assert.False(filter.MayContain("x"));
        Assert.False(filter.MayContain("phones"));
        Assert.False(filter.MayContain("phono"));
        Assert.False(filter.MayContain("ahone"));
    }

    [Fact]
    public void Context_words_of_a_window_equal_a_search_of_the_window_alone()
    {
        var random = new Random(5);
        var map = new PiiCharMap();
        var context = PiiRecognizers.ContextWords;
        string[] vocabulary = ["phone", "tel", "order", "card", "ssn", "ip", "v", "account", "routing", "xphone", "phonex", "key", "url", "Card", "PHONE"];
        for (var n = 0; n < 300; n++)
        {
            var text = string.Join(random.Next(3) == 0 ? "-" : " ", Enumerable.Range(0, random.Next(1, 30)).Select(_ => vocabulary[random.Next(vocabulary.Length)] + (random.Next(4) == 0 ? "42" : "")));
            map.Build(text);
            for (var start = 0; start < text.Length; start += 1 + random.Next(3))
            {
                var end = Math.Min(text.Length, start + random.Next(1, 50));
                Assert.Equal(context.In(text.AsSpan(start, end - start)), context.In(text, map, start, end));
            }
        }
    }

    [Fact]
    public void Derived_anchor_hits_equal_their_own_search()
    {
        var random = new Random(3);
        string[] pieces = ["bearer ", "Bearer", "pwd", "PassWord", "passphrase", "sharedaccesssignature=", "key", "sig", "token", "ſig", "x", " "];
        foreach (var anchor in new[] { PiiRecognizers.Bearer, PiiRecognizers.SasWord, PiiRecognizers.PasswordWords })
        {
            for (var n = 0; n < 200; n++)
            {
                var text = string.Concat(Enumerable.Range(0, random.Next(1, 20)).Select(_ => pieces[random.Next(pieces.Length)]));
                var own = new List<int>();
                anchor.FindAll(text, own);
                var parent = new List<int>();
                anchor.Parent!.FindAll(text, parent);

                Assert.Equal(own, parent.Where(at => anchor.StartsAt(text, at)));
            }
        }
    }

    [Fact]
    public void Hand_written_digit_run_matches_equal_the_regex_on_generated_windows()
    {
        var random = new Random(17);
        const string Characters = "0123456789012345678901234567890123456789 .,/:+-_aZ\n";
        var checkedWindows = 0;
        for (var n = 0; n < 5000; n++)
        {
            var window = new string([.. Enumerable.Range(0, random.Next(0, 60)).Select(_ => Characters[random.Next(Characters.Length)])]);
            var matches = new List<(int Index, int Length)>();

            Assert.True(PiiDigitRuns.TryMatch(window, 100, matches));
            var expected = PiiPatterns.DigitRun().Matches(window).Select(m => (m.Index + 100, m.Length));
            Assert.Equal(expected, matches);
            checkedWindows += expected.Any() ? 1 : 0;
        }

        Assert.True(checkedWindows > 300, $"only {checkedWindows} windows held a match");
        Assert.False(PiiDigitRuns.TryMatch("١٢٣٤٥٦٧٨٩ 12345678", 0, []));
    }

    [Fact]
    public void Hand_written_card_matches_equal_the_regex_on_generated_windows()
    {
        var random = new Random(31);
        // Digits dominate so that 13 to 19 digit chains are common; separators, letters, an IBAN-like start, a decimal.
        string[] pieces = ["0", "7", "4111", "1111 ", "5500-", "12345", "678", "90 ", "4", "5 ", " ", "-", ".", "_", "a", "Z", "DE89 ", "\n", "  ", ".5", "-5", "x1"];
        var withMatches = 0;
        for (var n = 0; n < 8000; n++)
        {
            // A chain of digit groups (often 13 to 19 digits) between random pieces.
            var chain = string.Join(random.Next(3) switch { 0 => " ", 1 => "-", _ => "" }, Enumerable.Range(0, random.Next(1, 7)).Select(_ => new string('4', random.Next(1, 6))));
            var window = string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]))
                + chain + string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
            var matches = new List<(int Index, int Length)>();

            Assert.True(PiiCardRuns.TryMatch(window, 100, matches));
            var expected = PiiPatterns.CreditCard().Matches(window).Select(m => (m.Index + 100, m.Length)).ToList();
            Assert.Equal(expected, matches);
            withMatches += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withMatches > 1000, $"only {withMatches} windows held a match");
        Assert.False(PiiCardRuns.TryMatch("4111 1111 1111 1111 ٣", 0, []));
    }

    [Fact]
    public void Iban_matches_from_the_cluster_starts_equal_the_regex_on_the_whole_text()
    {
        var random = new Random(23);
        var pattern = PiiPatterns.Iban();
        string[] pieces = ["DE", "GB", "ES", "89", "12", "3704", "0044", "NWBK", "AB12", "X", "x", "_", "5", " ", " ", "-", ".", "DE89 ", "\n", "a1"];
        var map = new PiiCharMap();
        var withMatches = 0;
        for (var n = 0; n < 5000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            map.Build(text);
            var starts = new List<int>();
            PiiWindows.DigitClusters(text, map, [], starts);
            var matches = new List<(int Index, int Length)>();
            PiiWindows.MatchesFromStarts(pattern, text, starts, PiiPatterns.IbanReach, matches);

            var expected = pattern.Matches(text).Select(m => (m.Index, m.Length)).ToList();
            Assert.Equal(expected, matches);
            withMatches += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withMatches > 500, $"only {withMatches} texts held a match");
    }

    [Theory]
    [InlineData("12 Main Street", true)]
    [InlineData("٣ Main Street", true)]
    [InlineData("Main Street", false)]
    [InlineData("Ünter Straße Close", false)]
    public void A_digit_of_any_script_counts_as_regex_digit(string window, bool expected)
    {
        Assert.Equal(expected, PiiWindows.HasDigit(window));
        Assert.Equal(System.Text.RegularExpressions.Regex.IsMatch(window, @"\d"), PiiWindows.HasDigit(window));
    }

    private static IEnumerable<string> Texts(Random random, int count)
    {
        for (var n = 0; n < count; n++)
        {
            // Lengths around the 64-character blocks of the map and its 8-character vectors.
            var length = n < 140 ? n : random.Next(0, 300);
            yield return new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
        }
    }

    private static int[] Runs(string text, Func<char, bool> predicate)
    {
        var runs = new List<int>();
        for (var i = 0; i < text.Length;)
        {
            if (!predicate(text[i]))
            {
                i++;
                continue;
            }

            runs.Add(i);
            while (i < text.Length && predicate(text[i]))
            {
                i++;
            }

            runs.Add(i);
        }

        return [.. runs];
    }

    private static int Next(string text, int from, Func<char, bool> predicate)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (predicate(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }
}
