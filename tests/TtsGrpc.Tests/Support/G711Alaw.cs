namespace TtsGrpc.Tests.Support;

/// <summary>
/// ITU-T G.711 A-law written from the standard's segment table, independent of libttsnative: the tests' reference.
/// A 16-bit sample is taken as the 13-bit one (sample >> 3) of G.711; negatives count by their one's complement
/// magnitude, as in the G.191 reference code, so -1 shares the lowest step with 0.
/// </summary>
public static class G711Alaw
{
    /// <summary>Where each segment ends on the 13-bit magnitude, and the width of its steps there.</summary>
    private static readonly int[] SegmentEnd = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];
    private static readonly int[] SegmentStep = [2, 2, 4, 8, 16, 32, 64, 128];

    public static byte Encode(short sample)
    {
        var x13 = sample >> 3;
        var positive = x13 >= 0;
        var magnitude = positive ? x13 : -x13 - 1;
        var segment = SegmentOf(magnitude);
        var start = segment == 0 ? 0 : SegmentEnd[segment - 1] + 1;
        var code = (positive ? 0x80 : 0) | (segment << 4) | ((magnitude - start) / SegmentStep[segment]);
        return (byte)(code ^ 0x55);
    }

    /// <summary>
    /// The largest error of A-law at this sample on the 16-bit scale: half its step, because the decoder returns the
    /// middle of the step the encoder chose. 8 below |512|, doubling with each segment up to 512 at full scale.
    /// </summary>
    public static int HalfStep(short sample)
    {
        var x13 = sample >> 3;
        var magnitude = x13 >= 0 ? x13 : -x13 - 1;
        return SegmentStep[SegmentOf(magnitude)] * 8 / 2;
    }

    private static int SegmentOf(int magnitude)
    {
        var segment = 0;
        while (magnitude > SegmentEnd[segment])
        {
            segment++;
        }

        return segment;
    }
}
