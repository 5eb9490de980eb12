using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// Two bits per character of a text: ASCII letter, ASCII digit. Built with vector compares, then words and digit runs are
/// found by bit scans (a few instructions per run rather than a branch per character, which mispredicts at every boundary).
/// </summary>
internal sealed class PiiCharMap
{
    private const int MaxKeptWords = 1024;
    private ulong[] bits = new ulong[16];
    private ulong[] digits = new ulong[16];
    private int[] letterRuns = new int[64];
    private int[] digitRuns = new int[32];
    private int letterRunEnds;
    private int digitRunEnds;
    private int length;

    /// <summary>Whether the text has a character of 128 or above (then letters beyond ASCII exist to be checked one by one).</summary>
    public bool HasNonAscii { get; private set; }

    /// <summary>Maps <paramref name="text"/>.</summary>
    public void Build(ReadOnlySpan<char> text)
    {
        length = text.Length;
        var words = (text.Length >> 6) + 1;
        if (bits.Length < words)
        {
            bits = new ulong[Math.Max(words, bits.Length * 2)];
            digits = new ulong[bits.Length];
        }

        HasNonAscii = !System.Text.Ascii.IsValid(text);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            for (; i + 64 <= text.Length; i += 64)
            {
                (bits[i >> 6], digits[i >> 6]) = Block(ref Unsafe.Add(ref start, i));
            }

            // The last partial block through the same compares, from a zero-padded copy (zero is neither letter nor digit).
            Span<char> tail = stackalloc char[64];
            tail.Clear();
            text[i..].CopyTo(tail);
            (bits[i >> 6], digits[i >> 6]) = Block(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(tail)));
        }
        else
        {
            for (; i < text.Length; i += 64)
            {
                ulong word = 0, digit = 0;
                for (var k = 0; k < 64 && i + k < text.Length; k++)
                {
                    word |= char.IsAsciiLetter(text[i + k]) ? 1UL << k : 0;
                    digit |= char.IsAsciiDigit(text[i + k]) ? 1UL << k : 0;
                }

                bits[i >> 6] = word;
                digits[i >> 6] = digit;
            }

            if (i == text.Length)
            {
                bits[i >> 6] = 0;
                digits[i >> 6] = 0;
            }
        }

        letterRunEnds = Runs(bits, length, ref letterRuns);
        digitRunEnds = Runs(digits, length, ref digitRuns);
    }

    // The letter and digit bits of 64 characters: eight 8-character vector compares each.
    private static (ulong Letters, ulong Digits) Block(ref ushort at)
    {
        var caseBit = Vector128.Create((ushort)0x20);
        var a = Vector128.Create((ushort)'a');
        var span = Vector128.Create((ushort)('z' - 'a'));
        var zero = Vector128.Create((ushort)'0');
        var nine = Vector128.Create((ushort)9);
        ulong word = 0, digit = 0;
        for (var k = 0; k < 64; k += 8)
        {
            var v = Vector128.LoadUnsafe(ref at, (nuint)k);
            word |= (ulong)Vector128.LessThanOrEqual((v | caseBit) - a, span).ExtractMostSignificantBits() << k;
            digit |= (ulong)Vector128.LessThanOrEqual(v - zero, nine).ExtractMostSignificantBits() << k;
        }

        return (word, digit);
    }

    /// <summary>The maximal runs of ASCII letters as start, end pairs in text order (a word pass walks these, no search per word).</summary>
    public ReadOnlySpan<int> LetterRuns => letterRuns.AsSpan(0, letterRunEnds);

    /// <summary>The maximal runs of ASCII digits as start, end pairs in text order.</summary>
    public ReadOnlySpan<int> DigitRuns => digitRuns.AsSpan(0, digitRunEnds);

    /// <summary>
    /// The index in <paramref name="runs"/> (a <see cref="LetterRuns"/> or <see cref="DigitRuns"/> span) of the first pair
    /// whose end lies after <paramref name="from"/>: the first run at or around that position.
    /// </summary>
    public static int FirstRunEndingAfter(ReadOnlySpan<int> runs, int from)
    {
        int low = 0, high = runs.Length >> 1;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (runs[(mid << 1) + 1] <= from)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low << 1;
    }

    // Every change between a set and a clear bit is a run's start or end: one XOR with the map shifted by one character,
    // then the edges' positions stored four at a time (a loop per edge mispredicts its exit on every block; positions
    // stored past the block's count are overwritten by the next block or lie beyond the returned count).
    private static int Runs(ulong[] map, int length, ref int[] runs)
    {
        var count = 0;
        ulong carry = 0;
        var blocks = (length + 63) >> 6;
        for (var block = 0; block < blocks; block++)
        {
            var word = map[block];
            var edges = word ^ ((word << 1) | carry);
            carry = word >> 63;
            var n = BitOperations.PopCount(edges);
            if (count + n + 4 > runs.Length)
            {
                Array.Resize(ref runs, Math.Max(runs.Length * 2, count + n + 4));
            }

            var at = block << 6;
            ref var slot = ref runs[count];
            for (var j = 0; j < n; j += 4)
            {
                Unsafe.Add(ref slot, j) = at + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
                Unsafe.Add(ref slot, j + 1) = at + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
                Unsafe.Add(ref slot, j + 2) = at + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
                Unsafe.Add(ref slot, j + 3) = at + BitOperations.TrailingZeroCount(edges);
                edges &= edges - 1;
            }

            count += n;
        }

        if ((count & 1) != 0)
        {
            // A run reaching the text's end (at a block boundary, its end edge lies in the block after the text).
            if (count == runs.Length)
            {
                Array.Resize(ref runs, runs.Length * 2);
            }

            runs[count++] = length;
        }

        return count;
    }

    /// <summary>The first ASCII letter at or after <paramref name="from"/>, or -1.</summary>
    public int NextLetter(int from) => Next(bits, from, 0);

    /// <summary>The first non-letter at or after <paramref name="from"/> (the text's length if none).</summary>
    public int NextNonLetter(int from)
    {
        var at = Next(bits, from, ulong.MaxValue);
        return at < 0 || at > length ? length : at;
    }

    /// <summary>The first ASCII digit at or after <paramref name="from"/>, or -1.</summary>
    public int NextDigit(int from) => Next(digits, from, 0);

    /// <summary>The first non-digit at or after <paramref name="from"/> (the text's length if none).</summary>
    public int NextNonDigit(int from)
    {
        var at = Next(digits, from, ulong.MaxValue);
        return at < 0 || at > length ? length : at;
    }

    /// <summary>Lets go of a very large text's map.</summary>
    public void Trim()
    {
        if (bits.Length > MaxKeptWords)
        {
            bits = new ulong[16];
            digits = new ulong[16];
        }

        if (letterRuns.Length > MaxKeptWords)
        {
            letterRuns = new int[64];
        }

        if (digitRuns.Length > MaxKeptWords)
        {
            digitRuns = new int[32];
        }
    }

    private int Next(ulong[] map, int from, ulong flip)
    {
        if (from >= length)
        {
            return flip == 0 ? -1 : length;
        }

        var block = from >> 6;
        var last = length >> 6;
        var word = (map[block] ^ flip) & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++block > last)
            {
                return flip == 0 ? -1 : length;
            }

            word = map[block] ^ flip;
        }

        var at = (block << 6) + BitOperations.TrailingZeroCount(word);
        return flip == 0 && at >= length ? -1 : at;
    }
}
