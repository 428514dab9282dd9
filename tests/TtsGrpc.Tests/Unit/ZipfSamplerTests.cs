using TtsGrpc.Load.Trace;

namespace TtsGrpc.Tests.Unit;

public sealed class ZipfSamplerTests(ITestOutputHelper output)
{
    [Fact]
    public void Probability_AnyRank_IsThePowerLawOverItsNormalizer()
    {
        const int N = 500;
        const double S = 0.9;
        var normalizer = Enumerable.Range(1, N).Sum(k => Math.Pow(k, -S));
        var sampler = new ZipfSampler(N, S, seed: 1);

        foreach (var k in new[] { 0, 1, 9, 99, 499 })
        {
            Assert.Equal(Math.Pow(k + 1, -S) / normalizer, sampler.Probability(k), 1e-12);
        }

        Assert.Equal(1.0, Enumerable.Range(0, N).Sum(sampler.Probability), 1e-9);
    }

    [Fact]
    public void Next_ManyDraws_FollowTheAnalyticPmf()
    {
        // A fixed seed: the check is deterministic; the seed is printed so a failure can be replayed.
        const int Seed = 20261201;
        const int N = 2000;
        const int Draws = 400_000;
        const double S = 0.9;
        output.WriteLine($"seed {Seed}, n {N}, s {S}, {Draws} draws");
        var sampler = new ZipfSampler(N, S, Seed);
        var counts = new long[N];
        for (var i = 0; i < Draws; i++)
        {
            counts[sampler.Next()]++;
        }

        // Chi-square over bins of at least 100 expected draws: single ranks at the head, runs of ranks in the tail.
        double chiSquare = 0;
        var bins = 0;
        double expected = 0, observed = 0;
        for (var k = 0; k < N; k++)
        {
            expected += Draws * sampler.Probability(k);
            observed += counts[k];
            if (expected >= 100 || k == N - 1)
            {
                chiSquare += (observed - expected) * (observed - expected) / expected;
                bins++;
                expected = observed = 0;
            }
        }

        // For `bins - 1` degrees of freedom, mean df and spread sqrt(2 df): 6 spreads above is far past p = 1e-6.
        var df = bins - 1;
        output.WriteLine($"chi-square {chiSquare:F1} over {df} degrees of freedom");
        Assert.True(bins > 100, $"only {bins} bins");
        Assert.True(chiSquare < df + (6 * Math.Sqrt(2 * df)), $"chi-square {chiSquare:F1} for {df} degrees of freedom (seed {Seed})");
        // The head a cache lives on: rank 1 alone within 2 % of its share.
        Assert.Equal(Draws * sampler.Probability(0), counts[0], Draws * sampler.Probability(0) * 0.02);
    }

    [Fact]
    public void Next_SameSeed_GivesTheSameSequence()
    {
        var first = new ZipfSampler(20000, 0.9, seed: 42);
        var second = new ZipfSampler(20000, 0.9, seed: 42);
        var other = new ZipfSampler(20000, 0.9, seed: 43);

        var a = Enumerable.Range(0, 5000).Select(_ => first.Next()).ToArray();
        var b = Enumerable.Range(0, 5000).Select(_ => second.Next()).ToArray();
        var c = Enumerable.Range(0, 5000).Select(_ => other.Next()).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, r => Assert.InRange(r, 0, 19999));
    }

    [Fact]
    public void Next_ZeroExponent_IsUniform()
    {
        var sampler = new ZipfSampler(10, 0, seed: 5);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++)
        {
            counts[sampler.Next()]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600)); // 10,000 each; the spread is ~95
    }
}
