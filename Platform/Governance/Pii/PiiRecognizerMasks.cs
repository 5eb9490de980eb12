namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// The recognizer table as bit masks (bit i: <see cref="PiiRecognizers.All"/>[i]), so a text's runnable recognizers come
/// from its trigger bits in a few instructions instead of a trigger test per recognizer per text.
/// </summary>
internal static class PiiRecognizerMasks
{
    // Recognizers without triggers (always candidates), and per trigger bit the recognizers that trigger starts.
    private static ulong Untriggered;
    private static ulong[] ByTrigger = new ulong[32];

    // Recognizers with a trigger string that is not a known trigger: tested one by one (none in today's table).
    private static ulong Unknown;

    static PiiRecognizerMasks() => Rebuild();

    /// <summary>Recomputes the masks from <see cref="PiiRecognizers.All"/> (bench/Pii's --profile swaps its entries).</summary>
    internal static void Rebuild()
    {
        var all = PiiRecognizers.All;
        ulong untriggered = 0, unknown = 0;
        var byTrigger = new ulong[32];
        if (all.Length > 64)
        {
            throw new InvalidOperationException("At most 64 recognizers fit a mask.");
        }

        for (var i = 0; i < all.Length; i++)
        {
            var bits = all[i].TriggerBits;
            if (bits == 0)
            {
                untriggered |= 1UL << i;
            }
            else if (bits < 0)
            {
                unknown |= 1UL << i;
            }
            else
            {
                for (var b = bits; b != 0; b &= b - 1)
                {
                    byTrigger[System.Numerics.BitOperations.TrailingZeroCount(b)] |= 1UL << i;
                }
            }
        }

        (Untriggered, Unknown, ByTrigger) = (untriggered, unknown, byTrigger);
    }

    /// <summary>A bit per recognizer one of whose triggers <paramref name="scan"/>'s text holds, or that has none.</summary>
    public static ulong Triggered(PiiTextScan scan)
    {
        var mask = Untriggered;
        for (var found = scan.Triggers; found != 0; found &= found - 1)
        {
            mask |= ByTrigger[System.Numerics.BitOperations.TrailingZeroCount(found)];
        }

        for (var unknown = Unknown; unknown != 0; unknown &= unknown - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(unknown);
            if (scan.HasTrigger(PiiRecognizers.All[i]))
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }
}
