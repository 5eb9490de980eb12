using System.Buffers;
using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// What one text holds, found once and shared by every recognizer: which triggers occur (one vectorised multi-string
/// search), anchor hits, digit clusters and the matches of regexes several recognizers share. One instance per thread is
/// reused, so the common case (a short message with little PII) allocates nothing here.
/// </summary>
internal sealed class PiiTextScan
{
    private const int MaxKeptCapacity = 1024;

    [ThreadStatic]
    private static PiiTextScan? current;

    private readonly List<int>[] anchorHits;
    private readonly List<int>[] wordHits;
    private readonly List<PiiDigitCluster> clusters = [];
    private int[] runContext = new int[32];
    private bool contextStarted;
    private readonly List<(Regex Pattern, PiiShape Shape, List<(int Index, int Length)> Matches)> shared = [];
    private string text = "";
    private ulong anchorsFound;
    private bool wordsFound;
    private bool clustersFound;
    private readonly List<int> ibanStarts = [];
    private readonly List<(int Index, int Length)> startMatches = [];
    private int clusterShapes;
    private bool lettersMapped;
    private readonly PiiCharMap letters = new();
    private int triggers;
    private int sharedUsed;

    private PiiTextScan()
    {
        // The recognizer table first: it creates the anchor sets counted here.
        wordHits = new List<int>[PiiRecognizers.WordAnchors.Count];
        anchorHits = new List<int>[PiiAnchor.Count];
        for (var i = 0; i < anchorHits.Length; i++)
        {
            anchorHits[i] = [];
        }

        for (var i = 0; i < wordHits.Length; i++)
        {
            wordHits[i] = [];
        }
    }

    public string Text => text;

    public bool HasUpper { get; private set; }

    /// <summary>Candidate findings of every recognizer, before overlaps are resolved.</summary>
    public List<PiiCandidate> Candidates { get; } = [];

    /// <summary>Scratch for resolving <see cref="Candidates"/>: the ones kept, in text order.</summary>
    public List<PiiCandidate> Kept { get; } = [];

    /// <summary>This thread's scan, reset to <paramref name="text"/> (triggers and capitals found; the rest on demand).</summary>
    public static PiiTextScan Begin(string text)
    {
        var scan = current ??= new PiiTextScan();
        scan.text = text;
        scan.anchorsFound = 0;
        scan.wordsFound = false;
        scan.clustersFound = false;
        scan.sharedUsed = 0;
        scan.lettersMapped = false;
        scan.contextStarted = false;
        scan.Candidates.Clear();
        var span = text.AsSpan();
        scan.HasUpper = span.ContainsAnyInRange('A', 'Z');
        scan.triggers = PiiTriggers.Find(span);
        return scan;
    }

    /// <summary>Lets go of the text, and of scratch lists a very large text grew (the scan lives as long as its thread).</summary>
    public void End()
    {
        // Only lists this text used can have grown; each is cleared again before its next use, so unused ones are skipped.
        text = "";
        Candidates.Clear();
        Trim(Candidates);
        Kept.Clear();
        Trim(Kept);
        if (clustersFound)
        {
            Trim(clusters);
            Trim(ibanStarts);
        }

        Trim(startMatches);

        for (var found = anchorsFound; found != 0; found &= found - 1)
        {
            Trim(anchorHits[System.Numerics.BitOperations.TrailingZeroCount(found)]);
        }

        if (wordsFound)
        {
            foreach (var list in wordHits)
            {
                Trim(list);
            }
        }

        for (var i = 0; i < sharedUsed; i++)
        {
            Trim(shared[i].Matches);
        }

        if (runContext.Length > MaxKeptCapacity)
        {
            runContext = new int[32];
        }

        letters.Trim();
        lettersMapped = false;
        sharedUsed = 0;
        anchorsFound = 0;
        wordsFound = false;
        clustersFound = false;
    }

    /// <summary>
    /// The <see cref="PiiContextWords"/> bits of the window. Each whole word of the text is looked up once (a per-text list
    /// of answered windows, searched linearly, made a long document's hundreds of windows quadratic and saved nothing
    /// measurable once words were memoised).
    /// </summary>
    public int ContextWordsIn(int start, int length)
    {
        if (length <= 0)
        {
            return 0;
        }

        var runs = Letters.LetterRuns;
        if (!contextStarted)
        {
            var words = runs.Length >> 1;
            if (runContext.Length < words)
            {
                runContext = new int[Math.Max(words, runContext.Length * 2)];
            }

            runContext.AsSpan(0, words).Fill(-1);
            contextStarted = true;
        }

        return PiiRecognizers.ContextWords.In(text, runs, runContext, start, start + length);
    }

    /// <summary>The text's ASCII letter and digit map (built on first use).</summary>
    private PiiCharMap Letters
    {
        get
        {
            if (!lettersMapped)
            {
                letters.Build(text);
                lettersMapped = true;
            }

            return letters;
        }
    }

    /// <summary>The <see cref="PiiTriggers"/> bits of the triggers the text holds.</summary>
    public int Triggers => triggers;

    /// <summary>Whether the text holds one of <paramref name="recognizer"/>'s triggers (true if it has none).</summary>
    public bool HasTrigger(PiiRecognizer recognizer)
    {
        var bits = recognizer.TriggerBits;
        if (bits >= 0)
        {
            return bits == 0 || (triggers & bits) != 0;
        }

        foreach (var trigger in recognizer.Triggers!)
        {
            if (text.Contains(trigger, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void Trim<T>(List<T> list)
    {
        if (list.Capacity > MaxKeptCapacity)
        {
            list.Clear();
            list.Capacity = MaxKeptCapacity;
        }
    }

    /// <summary>Whether two capitals then two digits start a word somewhere (needs <see cref="Clusters"/>).</summary>
    public bool HasIbanStart => IbanStarts.Count > 0;

    /// <summary>Where two ASCII capitals then two ASCII digits start, in text order (found with <see cref="Clusters"/>).</summary>
    public List<int> IbanStarts
    {
        get
        {
            _ = Clusters;
            return ibanStarts;
        }
    }

    /// <summary>Whether the text has a character of 128 or above (where <c>\w</c> and <c>\d</c> reach beyond ASCII).</summary>
    public bool HasNonAscii => Letters.HasNonAscii;

    /// <summary>Whether the text has a decimal digit beyond ASCII (one a regex's <c>\d</c> matches: Unicode category Nd).</summary>
    public bool HasDigitBeyondAscii => Letters.HasNonAscii && text.AsSpan().ContainsAny(DigitsBeyondAscii);

    private static readonly SearchValues<char> DigitsBeyondAscii =
        SearchValues.Create([.. Enumerable.Range(128, char.MaxValue - 127).Select(c => (char)c).Where(char.IsDigit)]);

    /// <summary>A cleared scratch list for one recognizer's matches (reused by the next).</summary>
    public List<(int Index, int Length)> StartMatches()
    {
        startMatches.Clear();
        return startMatches;
    }

    public List<PiiDigitCluster> Clusters
    {
        get
        {
            if (!clustersFound)
            {
                clusters.Clear();
                ibanStarts.Clear();
                PiiWindows.DigitClusters(text, Letters, clusters, ibanStarts);
                clusterShapes = 0;
                foreach (var cluster in clusters)
                {
                    clusterShapes |= cluster.ShapeBits;
                }

                clustersFound = true;
            }

            return clusters;
        }
    }

    /// <summary>Whether some cluster <see cref="PiiDigitCluster.Fits"/> <paramref name="shape"/> (a recognizer's clusters can then be skipped as a whole).</summary>
    public bool AnyClusterFits(PiiShape shape)
    {
        _ = Clusters;
        return (clusterShapes & (1 << (int)shape)) != 0;
    }

    /// <summary>Where <paramref name="anchor"/>'s strings occur, found once per text.</summary>
    public List<int> Hits(PiiAnchor anchor)
    {
        if (anchor.WholeWord)
        {
            if (!wordsFound)
            {
                foreach (var list in wordHits)
                {
                    list.Clear();
                }

                PiiRecognizers.WordAnchors.FindAll(text, Letters, wordHits);
                wordsFound = true;
            }

            return wordHits[PiiRecognizers.WordAnchors.IndexOf(anchor)];
        }

        var hits = anchorHits[anchor.Id];
        if ((anchorsFound & (1UL << anchor.Id)) == 0)
        {
            hits.Clear();
            if (anchor.Parent is { } parent)
            {
                foreach (var at in Hits(parent))
                {
                    if (anchor.StartsAt(text, at))
                    {
                        hits.Add(at);
                    }
                }
            }
            else
            {
                anchor.FindAll(text, hits);
            }

            anchorsFound |= 1UL << anchor.Id;
        }

        return hits;
    }

    /// <summary>The matches of <paramref name="pattern"/> in clusters of <paramref name="shape"/> found for an earlier recognizer on this text, if any ran it.</summary>
    public List<(int Index, int Length)>? SharedMatches(Regex pattern, PiiShape shape)
    {
        for (var i = 0; i < sharedUsed; i++)
        {
            if (shared[i].Pattern == pattern && shared[i].Shape == shape)
            {
                return shared[i].Matches;
            }
        }

        return null;
    }

    /// <summary>An empty list to record <paramref name="pattern"/>'s matches in, for the next recognizer sharing it.</summary>
    public List<(int Index, int Length)> ShareMatches(Regex pattern, PiiShape shape)
    {
        if (sharedUsed == shared.Count)
        {
            shared.Add((pattern, shape, []));
        }

        var matches = shared[sharedUsed].Matches;
        matches.Clear();
        shared[sharedUsed++] = (pattern, shape, matches);
        return matches;
    }
}

/// <summary>The recognizers' trigger strings, found in one vectorised multi-string search per text.</summary>
internal static class PiiTriggers
{
    // Every trigger of the recognizer table (a string not listed here still works, found by its own search).
    private static readonly string[] All =
        ["PRIVATE KEY-----", "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "_access_key", "eyJ", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "AIza", "_live_", "://", "sk-", "Box"];

    // Triggers holding '_' are checked one by one, only when the text has an underscore at all (rare in prose).
    private static readonly string[] Underscored = [.. All.Where(t => t.Contains('_', StringComparison.Ordinal))];
    private static readonly string[] Plain = [.. All.Where(t => !t.Contains('_', StringComparison.Ordinal))];
    private static readonly int[] PlainBits = [.. Plain.Select(t => 1 << IndexOf(t))];
    private static readonly SearchValues<string> PlainValues = SearchValues.Create(Plain, StringComparison.Ordinal);

    /// <summary>The trigger's bit in <see cref="Find"/>'s result, or -1 for a string that is not a trigger.</summary>
    public static int IndexOf(string trigger) => Array.IndexOf(All, trigger);

    /// <summary>The bits of <paramref name="triggers"/> (0 for none), or -1 if one is not a known trigger.</summary>
    public static int BitsOf(string[]? triggers)
    {
        var bits = 0;
        foreach (var trigger in triggers ?? [])
        {
            if (IndexOf(trigger) is var bit and >= 0)
            {
                bits |= 1 << bit;
            }
            else
            {
                return -1;
            }
        }

        return bits;
    }

    /// <summary>A bit per trigger (<see cref="IndexOf"/>) that occurs in <paramref name="text"/>.</summary>
    public static int Find(ReadOnlySpan<char> text)
    {
        var found = 0;
        for (var position = 0; position < text.Length;)
        {
            var hit = text[position..].IndexOfAny(PlainValues);
            if (hit < 0)
            {
                break;
            }

            position += hit;
            for (var i = 0; i < Plain.Length; i++)
            {
                if (text[position..].StartsWith(Plain[i], StringComparison.Ordinal))
                {
                    found |= PlainBits[i];
                }
            }

            position++;
        }

        if (text.Contains('_'))
        {
            foreach (var trigger in Underscored)
            {
                if (text.Contains(trigger, StringComparison.Ordinal))
                {
                    found |= 1 << IndexOf(trigger);
                }
            }
        }

        return found;
    }
}
