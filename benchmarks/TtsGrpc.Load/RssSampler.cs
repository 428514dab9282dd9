using System.Globalization;

namespace TtsGrpc.Load;

/// <summary>Resident set size of a process over a run, read from /proc twice a second.</summary>
internal sealed class RssSampler(int pid) : IDisposable
{
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly Lock _lock = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;

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

    public void Restart()
    {
        _stop?.Cancel();
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

    public RssSummary? Stop()
    {
        _stop?.Cancel();
        _loop?.Wait();
        lock (_lock)
        {
            return _samples.Count == 0 ? null : RssSummary.Of(_samples);
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

/// <summary>RSS at the start of a run, its peak, at the end, and the median of its last quarter.</summary>
internal sealed record RssSummary(long Start, long Peak, long End, long LastQuarterMedian)
{
    public static RssSummary Of(IReadOnlyList<(TimeSpan At, long Bytes)> samples)
    {
        var last = samples.Skip(samples.Count * 3 / 4).Select(s => s.Bytes).Order().ToArray();
        return new RssSummary(samples[0].Bytes, samples.Max(s => s.Bytes), samples[^1].Bytes, last[last.Length / 2]);
    }
}
