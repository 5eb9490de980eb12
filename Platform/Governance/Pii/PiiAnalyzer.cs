namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The Presidio-style analyzer: every recognizer proposes scored candidates (regex shape, checksum, context words),
/// and overlapping candidates resolve to the best (higher score, then longer span).
/// </summary>
public static class PiiAnalyzer
{
    /// <summary>Candidates scoring below this are not findings at all.</summary>
    public const double Floor = 0.3;

    private const int Before = 48;
    private const double NegativePenalty = 0.45;

    /// <summary>Non-overlapping findings scoring at least <see cref="Floor"/>, in text order (UTF-16 offsets).</summary>
    public static IReadOnlyList<PiiFinding> Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 4)
        {
            return [];
        }

        var scan = PiiTextScan.Begin(text);
        var all = PiiRecognizers.All;
        // One bit per recognizer whose trigger strings occur (or that has none), in table order.
        for (var run = PiiRecognizerMasks.Triggered(scan); run != 0; run &= run - 1)
        {
            var recognizer = all[System.Numerics.BitOperations.TrailingZeroCount(run)];
            if (!Gate(scan, recognizer))
            {
                continue;
            }

            switch (recognizer.Scope)
            {
                case PiiScope.Text:
                    Scan(scan, recognizer, 0, text.Length);
                    break;
                case PiiScope.DigitClusters:
                    ScanClusters(scan, recognizer);
                    break;
                case PiiScope.IbanStarts:
                    ScanIbanStarts(scan, recognizer);
                    break;
                default:
                    ScanAnchored(scan, recognizer, scan.Hits(recognizer.Anchors!));
                    break;
            }
        }

        IReadOnlyList<PiiFinding> findings = scan.Candidates.Count == 0 ? [] : Resolve(scan.Candidates, scan.Kept);
        scan.End();
        return findings;
    }

    /// <summary>Whether the text can hold a match at all, its triggers found (a capital, an IBAN start, a title word).</summary>
    private static bool Gate(PiiTextScan scan, PiiRecognizer recognizer) =>
        recognizer.Prefilter switch
        {
            PiiPrefilter.Upper => scan.HasUpper,
            PiiPrefilter.IbanStart => scan.HasUpper && scan.HasIbanStart,
            PiiPrefilter.Title => scan.HasUpper && scan.Hits(PiiRecognizers.Titles).Count > 0,
            PiiPrefilter.Ipv6Colons => scan.Text.Contains("::", StringComparison.Ordinal) || scan.Text.AsSpan().Count(':') >= 6,
            _ => true,
        };

    private static void ScanClusters(PiiTextScan scan, PiiRecognizer recognizer)
    {
        var text = scan.Text;
        if (!scan.AnyClusterFits(recognizer.Shape))
        {
            return;
        }

        if (scan.SharedMatches(recognizer.Pattern, recognizer.Shape) is { } known)
        {
            // A regex an earlier recognizer ran on the same clusters (bare digit runs): its matches, judged by this one's rules.
            foreach (var (index, length) in known)
            {
                Consider(scan, recognizer, index, length);
            }

            return;
        }

        var matches = scan.ShareMatches(recognizer.Pattern, recognizer.Shape);
        foreach (var cluster in scan.Clusters)
        {
            if (!cluster.Fits(recognizer.Shape))
            {
                continue;
            }

            var (start, end) = PiiWindows.ClusterWindow(text, cluster);
            var window = text.AsSpan(start, end - start);
            if (matches.Count is var before && recognizer.HandWritten is { } handWritten && handWritten(window, start, matches))
            {
                for (var i = before; i < matches.Count; i++)
                {
                    Consider(scan, recognizer, matches[i].Index, matches[i].Length);
                }

                continue;
            }

            foreach (var match in recognizer.Pattern.EnumerateMatches(window))
            {
                matches.Add((start + match.Index, match.Length));
                Consider(scan, recognizer, start + match.Index, match.Length);
            }
        }
    }

    private static void ScanIbanStarts(PiiTextScan scan, PiiRecognizer recognizer)
    {
        if (scan.HasDigitBeyondAscii)
        {
            // \d reaches beyond ASCII: a match may start where no ASCII start was found ("DE٨٩ ..."). Letters beyond
            // ASCII do not matter: the capitals are [A-Z], and the regex itself reads its lookarounds in the text.
            Scan(scan, recognizer, 0, scan.Text.Length);
            return;
        }

        var matches = scan.StartMatches();
        PiiWindows.MatchesFromStarts(recognizer.Pattern, scan.Text, scan.IbanStarts, recognizer.Forward, matches);
        foreach (var (index, length) in matches)
        {
            Consider(scan, recognizer, index, length);
        }
    }

    private static void ScanAnchored(PiiTextScan scan, PiiRecognizer recognizer, List<int> hits)
    {
        var span = scan.Text.AsSpan();
        var scannedTo = 0;
        foreach (var at in hits)
        {
            if (!PiiWindows.Follows(span, at, recognizer.Follow))
            {
                continue;
            }

            var (start, end) = recognizer.Scope == PiiScope.Token
                ? PiiWindows.Token(span, at)
                : PiiWindows.Line(span, at, recognizer.Back, recognizer.Forward);
            if (end <= scannedTo && !recognizer.AtWindowStart)
            {
                // An earlier window already covered this one (e.g. two '@' in one token); a \G pattern only ever tried its start.
                continue;
            }

            // A window without a digit cannot hold a match of a pattern that needs one (a street address's house number);
            // it still counts as scanned.
            if (!recognizer.NeedsDigit || PiiWindows.HasDigit(span[start..end]))
            {
                Scan(scan, recognizer, start, end);
            }

            scannedTo = end;
        }
    }


    private static void Scan(PiiTextScan scan, PiiRecognizer recognizer, int start, int end)
    {
        var text = scan.Text;
        if (recognizer.HasValueGroup)
        {
            for (var match = recognizer.Pattern.Match(text, start, end - start); match.Success; match = match.NextMatch())
            {
                var value = match.Groups["v"];
                var (index, length) = value.Success ? (value.Index, value.Length) : (match.Index, match.Length);
                Consider(scan, recognizer, index, length);
            }
        }
        else
        {
            foreach (var match in recognizer.Pattern.EnumerateMatches(text.AsSpan(start, end - start)))
            {
                Consider(scan, recognizer, start + match.Index, match.Length);
            }
        }
    }

    private static void Consider(PiiTextScan scan, PiiRecognizer recognizer, int start, int length)
    {
        var text = scan.Text;
        if (length == 0 || (recognizer.Validate is { } validate && !validate(text.AsSpan(start, length))))
        {
            return;
        }

        var score = recognizer.Score;
        if (recognizer.Context.Count > 0 || recognizer.Negative.Count > 0)
        {
            // Context words of every set from one walk over the window's words (each word's bits found once per text: the
            // same digit run is judged by up to four recognizers). The words after the match only matter when those
            // before it hold no context word.
            var before = scan.ContextWordsIn(Math.Max(0, start - Before), Math.Min(start, Before));
            var hasContext = (before & recognizer.Context.Bit) != 0
                || (scan.ContextWordsIn(start + length, Math.Min(recognizer.After, text.Length - start - length)) & recognizer.Context.Bit) != 0;
            if (recognizer.RequiresContext && !hasContext)
            {
                return;
            }

            if (hasContext && recognizer.ContextScore > score)
            {
                score = recognizer.ContextScore;
            }
            else if (!hasContext && (before & recognizer.Negative.Bit) != 0)
            {
                score -= NegativePenalty;
            }
        }

        if (score >= Floor)
        {
            scan.Candidates.Add(new PiiCandidate(recognizer.Type, start, start + length, Math.Round(score, 2)));
        }
    }

    /// <summary>
    /// Higher score first, then the longer span; a candidate overlapping one already kept is dropped. Candidates are
    /// structs in a reused list: only the kept ones become <see cref="PiiFinding"/> objects.
    /// </summary>
    private static PiiFinding[] Resolve(List<PiiCandidate> candidates, List<PiiCandidate> kept)
    {
        if (candidates.Count > 1)
        {
            candidates.Sort(static (a, b) =>
                b.Score.CompareTo(a.Score) is var byScore && byScore != 0 ? byScore
                : (b.End - b.Start).CompareTo(a.End - a.Start) is var byLength && byLength != 0 ? byLength
                : a.Start.CompareTo(b.Start));
        }

        kept.Clear();
        foreach (var candidate in candidates)
        {
            // kept is ordered by Start: only the neighbours around the insertion point can overlap.
            var index = BinarySearchStart(kept, candidate.Start);
            if ((index > 0 && kept[index - 1].End > candidate.Start) || (index < kept.Count && kept[index].Start < candidate.End))
            {
                continue;
            }

            kept.Insert(index, candidate);
        }

        var findings = new PiiFinding[kept.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            var (type, start, end, score) = kept[i];
            findings[i] = new PiiFinding(type, start, end, score);
        }

        return findings;
    }

    private static int BinarySearchStart(List<PiiCandidate> kept, int start)
    {
        int low = 0, high = kept.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (kept[mid].Start < start)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}

/// <summary>A recognizer's proposal before overlaps are resolved (a struct: most are dropped).</summary>
internal readonly record struct PiiCandidate(string Type, int Start, int End, double Score);
