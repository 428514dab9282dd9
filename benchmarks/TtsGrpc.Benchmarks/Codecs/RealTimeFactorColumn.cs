using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TtsGrpc.Benchmarks.Codecs;

/// <summary>
/// Median time to encode a <see cref="StreamEncoderBenchmarks"/> stream over the audio it holds: 0.01 means one
/// core encodes 100 times faster than real time.
/// </summary>
internal sealed class RealTimeFactorColumn : IColumn
{
    private const double NanosecondsPerSecond = 1e9;

    public string Id => "RealTimeFactor";

    public string ColumnName => "RTF";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Median encode time over the {StreamEncoderBenchmarks.AudioSeconds} s of audio encoded (lower is faster)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var median = summary[benchmarkCase]?.ResultStatistics?.Median;
        return median is > 0 ? $"{median.Value / NanosecondsPerSecond / StreamEncoderBenchmarks.AudioSeconds:F5}" : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
