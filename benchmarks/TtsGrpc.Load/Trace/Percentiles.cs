namespace TtsGrpc.Load.Trace;

/// <summary>Nearest-rank percentiles, as the rest of tts-load reports them.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile; NaN when nothing was measured.</summary>
    public static double Of(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
