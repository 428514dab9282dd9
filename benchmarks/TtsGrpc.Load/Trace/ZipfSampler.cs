namespace TtsGrpc.Load.Trace;

/// <summary>
/// Ranks 0..n-1 drawn with P(k) ∝ 1/(k+1)^s, the popularity law of requests to a cache: a few texts asked
/// very often, a long tail asked rarely. Inverse transform over the cumulative table (n doubles), so one
/// draw is one uniform number and a binary search. The same seed gives the same sequence on every machine
/// (a seeded <see cref="Random"/> keeps its algorithm across .NET versions).
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;
    private readonly Random _random;

    public ZipfSampler(int n, double s, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(s);
        _cumulative = new double[n];
        var sum = 0.0;
        for (var k = 0; k < n; k++)
        {
            sum += Math.Pow(k + 1, -s);
            _cumulative[k] = sum;
        }

        for (var k = 0; k < n; k++)
        {
            _cumulative[k] /= sum;
        }

        _cumulative[n - 1] = 1.0; // no rank left out by rounding
        _random = new Random(seed);
    }

    public int Count => _cumulative.Length;

    /// <summary>The analytic probability of rank <paramref name="k"/> (0-based).</summary>
    public double Probability(int k) => k == 0 ? _cumulative[0] : _cumulative[k] - _cumulative[k - 1];

    public int Next()
    {
        var u = _random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        // Not found: ~index is the first entry above u, the rank whose interval holds it.
        return index >= 0 ? Math.Min(index + 1, _cumulative.Length - 1) : ~index;
    }
}
