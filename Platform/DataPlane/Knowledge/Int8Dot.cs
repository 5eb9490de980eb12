using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>Dot product of an int16-widened query with an int8 vector: AVX-512 (32 lanes) or AVX2 (16 lanes) multiply-add, scalar elsewhere.</summary>
internal static class Int8Dot
{
    // Hot loop with SIMD intrinsics: compiled optimized from the first call (tier-0 code would call every intrinsic).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> vector)
    {
        var i = 0;
        var sum = 0;
        if (Avx512BW.IsSupported && vector.Length >= 32)
        {
            ref var v = ref MemoryMarshal.GetReference(vector);
            ref var q = ref MemoryMarshal.GetReference(query);
            var accumulator = Vector512<int>.Zero;
            for (; i <= vector.Length - 32; i += 32)
            {
                var widened = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref v, (nuint)i));
                accumulator = Avx512F.Add(accumulator, Avx512BW.MultiplyAddAdjacent(widened, Vector512.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector512.Sum(accumulator);
        }
        else if (Avx2.IsSupported && vector.Length >= 16)
        {
            ref var v = ref MemoryMarshal.GetReference(vector);
            ref var q = ref MemoryMarshal.GetReference(query);
            var accumulator = Vector256<int>.Zero;
            for (; i <= vector.Length - 16; i += 16)
            {
                var widened = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref v, (nuint)i));
                accumulator = Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(widened, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector256.Sum(accumulator);
        }

        for (; i < vector.Length; i++)
        {
            sum += query[i] * vector[i];
        }

        return sum;
    }
}
