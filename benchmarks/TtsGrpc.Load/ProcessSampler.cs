using System.Globalization;

namespace TtsGrpc.Load;

/// <summary>Resident set size of a process over a run, read from /proc twice a second, and the CPU time it used.</summary>
internal sealed class ProcessSampler(int pid) : IDisposable
{
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly Lock _lock = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private double _cpuAtStart;

    public static long? Read(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null; // the process has gone
        }
    }

    /// <summary>User + system CPU seconds the process has used (/proc/PID/stat fields 14 and 15).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public void Restart()
    {
        _stop?.Cancel();
        _cpuAtStart = CpuSeconds(pid);
        lock (_lock)
        {
            _samples.Clear();
        }

        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        var started = DateTime.UtcNow;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            try
            {
                do
                {
                    Sample(DateTime.UtcNow - started);
                }
                while (await timer.WaitForNextTickAsync(token));
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        });
    }

    public ProcessSummary? Stop()
    {
        _stop?.Cancel();
        _loop?.Wait();
        var cpu = CpuSeconds(pid) - _cpuAtStart;
        lock (_lock)
        {
            return _samples.Count == 0 ? null : ProcessSummary.Of(_samples, cpu);
        }
    }

    private void Sample(TimeSpan at)
    {
        if (Read(pid) is { } bytes)
        {
            lock (_lock)
            {
                _samples.Add((at, bytes));
            }
        }
    }

    public void Dispose()
    {
        _stop?.Cancel();
        _stop?.Dispose();
    }
}

/// <summary>RSS at the start of a run, its peak, at the end, the medians of its first and last quarters; CPU seconds used.</summary>
internal sealed record ProcessSummary(long Start, long Peak, long End, long FirstQuarterMedian, long LastQuarterMedian, double CpuSeconds)
{
    public static ProcessSummary Of(IReadOnlyList<(TimeSpan At, long Bytes)> samples, double cpuSeconds)
    {
        var quarter = Math.Max(1, samples.Count / 4);
        return new ProcessSummary(
            samples[0].Bytes, samples.Max(s => s.Bytes), samples[^1].Bytes,
            Median(samples.Take(quarter)), Median(samples.Skip(samples.Count - quarter)), cpuSeconds);
    }

    private static long Median(IEnumerable<(TimeSpan At, long Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Bytes).Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
