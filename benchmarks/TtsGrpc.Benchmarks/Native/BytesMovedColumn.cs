using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using TtsGrpc.Native;

namespace TtsGrpc.Benchmarks.Native;

/// <summary>
/// Bytes an <see cref="OutputStageBenchmarks"/> case reads plus writes per operation, or those bytes over the median
/// time: both of its methods (the stage and the copy baseline) move the same bytes, so GB/s compares them directly.
/// </summary>
internal sealed class BytesMovedColumn(bool perSecond) : IColumn
{
    public string Id => perSecond ? "BytesMovedPerSecond" : "BytesMoved";

    public string ColumnName => perSecond ? "GB/s" : "Moved/op";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => perSecond ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => perSecond
        ? "Bytes read plus written per operation over the median time, in 10^9 bytes per second"
        : "Bytes read plus written per operation";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var sentences = benchmarkCase.Parameters[nameof(OutputStageBenchmarks.Sentences)];
        if (sentences is not int count)
        {
            return "-";
        }

        long bytes;
        try
        {
            bytes = OutputStageBenchmarks.BytesMoved(count);
        }
        catch (Exception e) when (e is NativeException or DllNotFoundException)
        {
            return "?";
        }

        if (!perSecond)
        {
            return $"{bytes / 1e6:F2} MB";
        }

        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        return median is > 0 ? $"{bytes / median.Value:F2}" : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
