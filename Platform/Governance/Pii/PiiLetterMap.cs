using System.Numerics;
using System.Runtime.Intrinsics;

namespace AiNative.Platform.Governance.Pii;

/// <summary>
/// A bit per character of a text: set for ASCII letters. Built with vector compares, then words are found by bit scans
/// (a few instructions per word rather than a branch per character, which mispredicts at every word boundary).
/// </summary>
internal sealed class PiiLetterMap
{
    private const int MaxKeptWords = 1024;
    private ulong[] bits = new ulong[16];
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
        }

        HasNonAscii = !System.Text.Ascii.IsValid(text);
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(text);
            var caseBit = Vector128.Create((ushort)0x20);
            var a = Vector128.Create((ushort)'a');
            var span = Vector128.Create((ushort)('z' - 'a'));
            for (; i + 64 <= text.Length; i += 64)
            {
                ulong word = 0;
                for (var k = 0; k < 64; k += 8)
                {
                    var v = Vector128.LoadUnsafe(ref System.Runtime.CompilerServices.Unsafe.As<char, ushort>(ref start), (nuint)(i + k));
                    word |= (ulong)Vector128.LessThanOrEqual((v | caseBit) - a, span).ExtractMostSignificantBits() << k;
                }

                bits[i >> 6] = word;
            }
        }

        if (i < text.Length)
        {
            ulong word = 0;
            for (var k = 0; i + k < text.Length; k++)
            {
                word |= PiiWordFilter.IsAsciiLetter(text[i + k]) ? 1UL << k : 0;
            }

            bits[i >> 6] = word;
        }
        else if (i >> 6 < bits.Length)
        {
            bits[i >> 6] = 0;
        }
    }

    /// <summary>The first ASCII letter at or after <paramref name="from"/>, or -1.</summary>
    public int NextLetter(int from) => Next(from, 0);

    /// <summary>The first non-letter at or after <paramref name="from"/> (the text's length if none).</summary>
    public int NextNonLetter(int from)
    {
        var at = Next(from, ulong.MaxValue);
        return at < 0 || at > length ? length : at;
    }

    /// <summary>Lets go of a very large text's map.</summary>
    public void Trim()
    {
        if (bits.Length > MaxKeptWords)
        {
            bits = new ulong[16];
        }
    }

    private int Next(int from, ulong flip)
    {
        if (from >= length)
        {
            return flip == 0 ? -1 : length;
        }

        var block = from >> 6;
        var last = length >> 6;
        var word = (bits[block] ^ flip) & (ulong.MaxValue << (from & 63));
        while (word == 0)
        {
            if (++block > last)
            {
                return flip == 0 ? -1 : length;
            }

            word = bits[block] ^ flip;
        }

        var at = (block << 6) + BitOperations.TrailingZeroCount(word);
        return flip == 0 && at >= length ? -1 : at;
    }
}
