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
        for (int i = 0; i < n; i++)
        {
            previous = (short)(previous + (short)(low[i] | (high[i] << 8)));
            pcm[i] = previous;
        }
    }
}
