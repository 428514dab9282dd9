using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// Delta + byte-shuffle for PCM16 before LZ4: speech changes slowly, so sample differences are
/// small and their high bytes are mostly 0x00/0xFF; grouping all low bytes, then all high bytes,
/// gives LZ4 long runs to match.
/// </summary>
internal static class PcmFilter
{
    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> filtered)
    {
        int n = pcm.Length;
        if (filtered.Length != n * 2)
        {
            throw new ArgumentException("The filtered buffer must hold two bytes per sample.", nameof(filtered));
        }

        var low = filtered[..n];
        var high = filtered[n..];
        short previous = 0;
        for (int i = 0; i < n; i++)
        {
            short sample = pcm[i];
            int delta = (ushort)(sample - previous);
            previous = sample;
            low[i] = (byte)delta;
            high[i] = (byte)(delta >> 8);
        }
    }

    public static void Decode(ReadOnlySpan<byte> filtered, Span<short> pcm)
    {
        int n = pcm.Length;
        if (filtered.Length != n * 2)
        {
            throw new ArgumentException("The filtered buffer must hold two bytes per sample.", nameof(filtered));
        }

        var low = filtered[..n];
        var high = filtered[n..];
        short previous = 0;
        int i = Ssse3.IsSupported ? DecodeSsse3(low, high, pcm, out previous) : 0;
        for (; i < n; i++)
        {
            previous = (short)(previous + (short)(low[i] | (high[i] << 8)));
            pcm[i] = previous;
        }
    }

    /// <summary>
    /// The hot path of every cache hit: interleave 16 low/high byte pairs with unpack, prefix-sum each
    /// 8 samples in registers (shift-and-add by 1, 2, 4 lanes), then add the running carry. Returns how
    /// many samples it decoded; the caller finishes the tail.
    /// </summary>
    private static unsafe int DecodeSsse3(ReadOnlySpan<byte> low, ReadOnlySpan<byte> high, Span<short> pcm, out short last)
    {
        var broadcastLast = Vector128.Create((byte)14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15);
        var carry = Vector128<short>.Zero;
        int i = 0;
        fixed (byte* lo = low)
        fixed (byte* hi = high)
        fixed (short* output = pcm)
        {
            for (; i + 16 <= pcm.Length; i += 16)
            {
                var l = Sse2.LoadVector128(lo + i);
                var h = Sse2.LoadVector128(hi + i);
                var a = PrefixSum(Sse2.UnpackLow(l, h).AsInt16());
                var b = PrefixSum(Sse2.UnpackHigh(l, h).AsInt16());
                b = Sse2.Add(b, Ssse3.Shuffle(a.AsByte(), broadcastLast).AsInt16());
                var blockSum = Ssse3.Shuffle(b.AsByte(), broadcastLast).AsInt16();
                a = Sse2.Add(a, carry);
                b = Sse2.Add(b, carry);
                carry = Sse2.Add(carry, blockSum); // the only step that waits on the previous block
                Sse2.Store(output + i, a);
                Sse2.Store(output + i + 8, b);
            }
        }

        last = carry.GetElement(0);
        return i;
    }

    /// <summary>Inclusive prefix sum of 8 wrapping 16-bit lanes.</summary>
    private static Vector128<short> PrefixSum(Vector128<short> x)
    {
        x = Sse2.Add(x, Sse2.ShiftLeftLogical128BitLane(x, 2));
        x = Sse2.Add(x, Sse2.ShiftLeftLogical128BitLane(x, 4));
        return Sse2.Add(x, Sse2.ShiftLeftLogical128BitLane(x, 8));
    }
}
