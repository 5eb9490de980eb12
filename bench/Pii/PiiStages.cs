using System.Diagnostics;
using System.Globalization;
using AiNative.Platform.Governance.Pii;

namespace AiNative.Bench.Pii;

/// <summary>
/// <c>--stages</c>: CPU nanoseconds and allocated bytes per message of each pass of the analyzer run alone (the shared
/// scan's passes, the whole analysis, analysis + redaction), to see fixed per-message cost against per-pass cost.
/// </summary>
internal static class PiiStages
{
    public static void Run(IReadOnlyList<string> messages, double seconds)
    {
        var redactor = new RegexPiiRedactor();
        var hits = new List<int>[PiiRecognizers.WordAnchors.Count];
        for (var i = 0; i < hits.Length; i++)
        {
            hits[i] = [];
        }

        var letters = new PiiCharMap();
        var clusters = new List<PiiDigitCluster>();
        var ibanStarts = new List<int>();
        var cardMatches = new List<(int Index, int Length)>();
        (string Name, Action<string> Pass)[] stages =
        [
            ("triggers (Begin + End)", m => PiiTextScan.Begin(m).End()),
            ("char map", m => letters.Build(m)),
            ("char map + word anchors", m =>
            {
                letters.Build(m);
                foreach (var list in hits)
                {
                    list.Clear();
                }

                PiiRecognizers.WordAnchors.FindAll(m, letters, hits);
            }),
            ("char map + digit clusters", m =>
            {
                letters.Build(m);
                clusters.Clear();
                ibanStarts.Clear();
                PiiWindows.DigitClusters(m, letters, clusters, ibanStarts);
            }),
            // The hand-written card matcher against its regex on the same cluster windows (the clusters found again in both).
            ("char map + clusters + card regex", m => CardWindows(m, letters, clusters, ibanStarts, cardMatches, static (w, s, list) =>
            {
                foreach (var match in PiiCardRuns.Pattern.EnumerateMatches(w))
                {
                    list.Add((s + match.Index, match.Length));
                }
            })),
            ("char map + clusters + card hand-written", m => CardWindows(m, letters, clusters, ibanStarts, cardMatches, static (w, s, list) => PiiCardRuns.TryMatch(w, s, list))),
            ("analyze", m => PiiAnalyzer.Analyze(m)),
            ("analyze + redact", m => redactor.Redact(m)),
        ];
        // Warm-up of every pass first: tiered JIT of the ~40 regexes takes seconds of CPU.
        foreach (var (_, pass) in stages)
        {
            Measure(messages, pass, 1);
        }

        foreach (var (name, pass) in stages)
        {
            var (ns, bytes) = Measure(messages, pass, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ns,9:0} ns/message {bytes,7:0} B/message  {name}"));
        }
    }

    private delegate void WindowMatcher(ReadOnlySpan<char> window, int start, List<(int Index, int Length)> matches);

    private static void CardWindows(string m, PiiCharMap letters, List<PiiDigitCluster> clusters, List<int> ibanStarts, List<(int Index, int Length)> matches, WindowMatcher match)
    {
        letters.Build(m);
        clusters.Clear();
        ibanStarts.Clear();
        matches.Clear();
        PiiWindows.DigitClusters(m, letters, clusters, ibanStarts);
        foreach (var cluster in clusters)
        {
            if (cluster.Fits(PiiShape.Card))
            {
                var (start, end) = PiiWindows.ClusterWindow(m, cluster);
                match(m.AsSpan(start, end - start), start, matches);
            }
        }
    }

    private static (double Nanoseconds, double Bytes) Measure(IReadOnlyList<string> messages, Action<string> pass, double seconds)
    {
        long count = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        do
        {
            foreach (var m in messages)
            {
                pass(m);
            }

            count += messages.Count;
        }
        while ((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds < seconds);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
        return (cpu * 1e9 / count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }
}
