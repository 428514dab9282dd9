using System.Globalization;

namespace TtsGrpc.Benchmarks.Internal;

/// <summary>
/// When segments were ready within each operation, per case, in milliseconds from the operation's start (the moment
/// a segment's audio could be sent). Thread-safe. The clean-up prints the medians: BenchmarkDotNet reports the
/// time of a whole operation, not of its parts.
/// </summary>
internal sealed class ReadyTimes
{
    private readonly Dictionary<string, List<double>> _times = [];

    public void Add(string name, double milliseconds)
    {
        lock (_times)
        {
            if (!_times.TryGetValue(name, out var times))
            {
                _times[name] = times = [];
            }

            times.Add(milliseconds);
        }
    }

    public void Clear()
    {
        lock (_times)
        {
            _times.Clear();
        }
    }

    /// <summary>Prints "// name: what after X ms (median of N operations)" per case.</summary>
    public void Print(string what)
    {
        lock (_times)
        {
            foreach (var (name, times) in _times)
            {
                // The first operation of a case is BenchmarkDotNet's jitting run.
                var measured = times.Skip(1).Order().ToList();
                if (measured.Count > 0)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"// {name}: {what} after {measured[measured.Count / 2]:F1} ms (median of {measured.Count} operations)"));
                }
            }
        }
    }
}
