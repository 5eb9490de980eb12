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
            var runBits = Enumerable.Repeat(-1, map.LetterRuns.Length / 2).ToArray();
            for (var start = 0; start < text.Length; start += 1 + random.Next(3))
            {
                var end = Math.Min(text.Length, start + random.Next(1, 50));
                Assert.Equal(context.In(text.AsSpan(start, end - start)), context.In(text, map.LetterRuns, runBits, start, end));
            }
        }
    }

    [Fact]
    public void Word_anchor_hits_equal_a_lookup_of_every_letter_run()
    {
        var random = new Random(13);
        // Anchor words of every set in several cases, glued to letters, digits, non-ASCII letters (which continue a word).
        string[] pieces = ["Name", "name", "NAME", "Dear", "hi", "Regards", "Street", "street", "St", "Dr", "dr", "Mr", "Frau", "to", "cc", "thank",
            "x", "é", "ß", "ſt", "\u212Aey", "Ａ", "4", " ", " ", ":", "\n", "-", ".", "Ünter", "cus", "tomer"];
        var map = new PiiCharMap();
        var anchors = PiiRecognizers.WordAnchors;
        PiiAnchor[] sets = [PiiRecognizers.Labels, PiiRecognizers.NameCues, PiiRecognizers.SignOffs, PiiRecognizers.StreetSuffixes, PiiRecognizers.Titles];
        var withHits = 0;
        for (var n = 0; n < 3000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => pieces[random.Next(pieces.Length)]));
            map.Build(text);
            var hits = NewHitLists();
            anchors.FindAll(text, map, hits);

            // The definition: a maximal run of letters (any script) that is one of the set's words, with the set's case rule.
            var words = Runs(text, char.IsLetter);
            foreach (var set in sets)
            {
                var expected = Enumerable.Range(0, words.Length / 2).Select(k => (words[2 * k], words[(2 * k) + 1]))
                    .Where(w => set.Words.Any(a => string.Equals(a, text[w.Item1..w.Item2], set.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)))
                    .Select(w => w.Item1);
                Assert.Equal(expected, hits[anchors.IndexOf(set)]);
                withHits += hits[anchors.IndexOf(set)].Count > 0 ? 1 : 0;
            }
        }

        Assert.True(withHits > 1000, $"only {withHits} hit lists were not empty");
    }

    [Fact]
    public void No_character_beyond_ASCII_equals_an_ASCII_letter_ignoring_case()
    {
        // The word-anchor pass relies on it: a word holding a letter beyond ASCII can equal no (ASCII) anchor word.
        var offenders = new List<string>();
        Span<char> one = stackalloc char[1];
        for (var c = 128; c <= char.MaxValue; c++)
        {
            one[0] = (char)c;
            for (var letter = 'A'; letter <= 'z'; letter++)
            {
                if (char.IsAsciiLetter(letter) && MemoryExtensions.Equals(one, [letter], StringComparison.OrdinalIgnoreCase))
                {
                    offenders.Add($"U+{c:X4} = {letter}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    private static List<int>[] NewHitLists() => [.. Enumerable.Range(0, PiiRecognizers.WordAnchors.Count).Select(_ => new List<int>())];

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
    public void Hand_written_ipv4_matches_equal_the_regex_on_generated_windows()
    {
        var random = new Random(41);
        // Octets valid and not (256, 300, leading zeros), dots, and what the lookarounds look at.
        string[] octets = ["0", "1", "9", "10", "99", "100", "199", "200", "249", "250", "255", "256", "260", "300", "01", "001", "1234", "25"];
        string[] glue = ["", " ", ".", "..", "a", "_", "-", ":", "/", "\n", "v", ".5"];
        var withMatches = 0;
        for (var n = 0; n < 8000; n++)
        {
            // Mostly four parts, mostly valid octets (the first 11).
            var parts = Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 7) : 4).Select(_ => octets[random.Next(random.Next(4) == 0 ? octets.Length : 11)]);
            var window = glue[random.Next(glue.Length)] + string.Join(random.Next(6) == 0 ? glue[random.Next(glue.Length)] : ".", parts) + glue[random.Next(glue.Length)];
            var matches = new List<(int Index, int Length)>();

            Assert.True(PiiDottedQuads.TryMatch(window, 100, matches));
            var expected = PiiPatterns.IPv4().Matches(window).Select(m => (m.Index + 100, m.Length)).ToList();
            Assert.Equal(expected, matches);
            withMatches += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withMatches > 1000, $"only {withMatches} windows held a match");
        Assert.False(PiiDottedQuads.TryMatch("10.0.0.1 ٣", 0, []));
    }

    [Fact]
    public void Hand_written_us_phone_matches_equal_the_regex_on_generated_windows()
    {
        var random = new Random(47);
        string[] prefixes = ["", "", "+1", "1", "+1 ", "1-", "+", "+2", "11", "(", "x", "_", ".", "-", "+1."];
        string[] areas = ["415", "(415)", "(415) ", "(415)-", "115", "(115)", "4155", "41", "(41)"];
        string[] exchanges = ["555", "155", "5555", "55"];
        string[] lines = ["0132", "013", "01324", "0132.5", "0132-5", "0132.", "0132a", "0132 ", "0132)"];
        string[] separators = [" ", ".", "-", "", "  ", "/"];
        var withMatches = 0;
        for (var n = 0; n < 8000; n++)
        {
            var area = areas[random.Next(areas.Length)];
            var window = prefixes[random.Next(prefixes.Length)] + area + (area.EndsWith(')') && random.Next(2) == 0 ? "" : separators[random.Next(separators.Length)])
                + exchanges[random.Next(exchanges.Length)] + separators[random.Next(separators.Length)] + lines[random.Next(lines.Length)]
                + (random.Next(4) == 0 ? " 212-555-0199" : "");
            var matches = new List<(int Index, int Length)>();

            Assert.True(PiiUsPhones.TryMatch(window, 100, matches));
            var expected = PiiPatterns.UsPhone().Matches(window).Select(m => (m.Index + 100, m.Length)).ToList();
            Assert.Equal(expected, matches);
            withMatches += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withMatches > 1000, $"only {withMatches} windows held a match");
        Assert.False(PiiUsPhones.TryMatch("415-555-0132 ٣", 0, []));
    }

    [Theory]
    [InlineData('-')]
    [InlineData(' ')]
    public void Hand_written_ssn_matches_equal_the_regex_on_generated_windows(char separator)
    {
        var random = new Random(43);
        var pattern = separator == '-' ? PiiPatterns.SsnDashed() : PiiPatterns.SsnSpaced();
        PiiWindowMatcher matcher = separator == '-' ? PiiSsnGroups.TryMatchDashed : PiiSsnGroups.TryMatchSpaced;
        string[] groups = ["123", "45", "6789", "1234", "4", "56", "078", "12345"];
        string[] glue = ["", " ", "-", ".", "  ", "a", "_", "/", "(", "\n", "-5", ".5", " 5", "x"];
        var withMatches = 0;
        for (var n = 0; n < 8000; n++)
        {
            // Mostly 3-2-4 chains with the separator, sometimes the other one or a wrong group.
            var parts = random.Next(3) == 0
                ? Enumerable.Range(0, random.Next(1, 5)).Select(_ => groups[random.Next(groups.Length)])
                : ["123", random.Next(5) == 0 ? "456" : "45", random.Next(5) == 0 ? "67890" : "6789"];
            var joiner = random.Next(5) == 0 ? glue[random.Next(glue.Length)] : separator.ToString();
            var window = (random.Next(2) == 0 ? "" : glue[random.Next(glue.Length)]) + string.Join(joiner, parts) + glue[random.Next(glue.Length)]
                + (random.Next(3) == 0 ? " 987-65-4321 987 65 4321" : "");
            var matches = new List<(int Index, int Length)>();

            Assert.True(matcher(window, 100, matches));
            var expected = pattern.Matches(window).Select(m => (m.Index + 100, m.Length)).ToList();
            Assert.Equal(expected, matches);
            withMatches += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(withMatches > 800, $"only {withMatches} windows held a match");
        Assert.False(matcher("123-45-6789 ٣", 0, []));
    }

    [Fact]
    public void Iban_matches_from_the_cluster_starts_equal_the_regex_on_the_whole_text()
    {
        var (withMatches, _) = IbanStartsEqualWholeText(23, ["DE", "GB", "ES", "89", "12", "3704", "0044", "NWBK", "AB12", "X", "x", "_", "5", " ", " ", "-", ".", "DE89 ", "\n", "a1"]);

        Assert.True(withMatches > 500, $"only {withMatches} texts held a match");
    }

    [Fact]
    public void Iban_matches_in_text_beyond_ASCII_come_from_the_cluster_starts_unless_it_has_digits_beyond_ASCII()
    {
        // Letters beyond ASCII (around and inside would-be IBANs) leave the starts exact; a digit beyond ASCII can be an
        // IBAN's \d, so such a text is scanned whole.
        var (withMatches, beyondAscii) = IbanStartsEqualWholeText(29, ["DE", "GB", "89", "12", "3704", "0044", "NWBK", "AB12", " ", " ", "-", "DE89 ", "\n", "é", "Ä", "ß", "Straße ", "日本", "Ω", "ſ", "K"]);

        Assert.True(beyondAscii > 150, $"only {beyondAscii} texts beyond ASCII held a match ({withMatches} in all)");

        // What decides the whole-text scan: a character \d matches beyond ASCII, i.e. exactly char.IsDigit there.
        var digit = new System.Text.RegularExpressions.Regex(@"^\d$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        var mismatched = Enumerable.Range(128, char.MaxValue - 127).Where(c => digit.IsMatch(((char)c).ToString()) != char.IsDigit((char)c)).ToList();
        Assert.Empty(mismatched);
        foreach (var (text, expected) in new[] { ("IBAN DE٨٩ 3704 0044 0532 0130 00", true), ("Straße 12, DE89 3704", false), ("໑", true), ("plain 12", false) })
        {
            var scan = PiiTextScan.Begin(text);
            Assert.Equal(expected, scan.HasDigitBeyondAscii);
            scan.End();
        }
    }

    // 5,000 texts glued from pieces: the IBAN regex run from the cluster starts finds exactly what it finds on the whole
    // text. Returns how many texts held a match, and how many of those have characters beyond ASCII.
    private static (int WithMatches, int BeyondAscii) IbanStartsEqualWholeText(int seed, string[] pieces)
    {
        var random = new Random(seed);
        var pattern = PiiPatterns.Iban();
        var map = new PiiCharMap();
        int withMatches = 0, beyondAscii = 0;
        for (var n = 0; n < 5000; n++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            map.Build(text);
            var starts = new List<int>();
            PiiWindows.DigitClusters(text, map, [], starts);
            var matches = new List<(int Index, int Length)>();
            PiiWindows.MatchesFromStarts(pattern, text, starts, PiiPatterns.IbanReach, matches);

            Assert.Equal(pattern.Matches(text).Select(m => (m.Index, m.Length)), matches);
            withMatches += matches.Count > 0 ? 1 : 0;
            beyondAscii += map.HasNonAscii && matches.Count > 0 ? 1 : 0;
        }

        return (withMatches, beyondAscii);
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
