using BenchmarkDotNet.Attributes;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>Adds the "Moved/op" and "GB/s" columns of <see cref="BytesMovedColumn"/> to <see cref="OutputStageBenchmarks"/>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BytesMovedColumnsAttribute : ColumnConfigBaseAttribute
{
    public BytesMovedColumnsAttribute()
        : base(new BytesMovedColumn(perSecond: false), new BytesMovedColumn(perSecond: true))
    {
    }
}
