using Grpc.Core;

namespace TtsGrpc.Load;

/// <summary>What a run measured, and the figures the report prints.</summary>
internal sealed record LoadResult(IReadOnlyList<CallResult> Calls, TimeSpan Measured, ProcessSummary? Server)
{
    public int Succeeded => Calls.Count(c => c.Status == StatusCode.OK && c.ClientError is null);

    public double CallsPerSecond => Succeeded / Measured.TotalSeconds;

    public double MegabytesPerSecond => Calls.Sum(c => c.Bytes) / Measured.TotalSeconds / 1e6;

    /// <summary>Errors by gRPC status (or client exception), e.g. "Unavailable: 3".</summary>
    public IReadOnlyDictionary<string, int> Errors => Calls
        .Where(c => c.Status != StatusCode.OK || c.ClientError is not null)
        .GroupBy(c => c.ClientError ?? c.Status.ToString())
        .ToDictionary(g => g.Key, g => g.Count());

    public double FirstAudioPercentile(double p) => Percentile(Calls.Where(c => c.FirstAudioMs >= 0).Select(c => c.FirstAudioMs), p);

    public double TotalPercentile(double p) => Percentile(Calls.Where(c => c.Status == StatusCode.OK).Select(c => c.TotalMs), p);

    /// <summary>Nearest-rank percentile; NaN when nothing was measured.</summary>
    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
