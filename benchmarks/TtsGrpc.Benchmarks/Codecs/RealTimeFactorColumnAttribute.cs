using BenchmarkDotNet.Attributes;

namespace TtsGrpc.Benchmarks.Codecs;

/// <summary>Adds the "RTF" column of <see cref="RealTimeFactorColumn"/> to <see cref="StreamEncoderBenchmarks"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RealTimeFactorColumnAttribute : ColumnConfigBaseAttribute
{
    public RealTimeFactorColumnAttribute()
        : base(new RealTimeFactorColumn())
    {
    }
}
