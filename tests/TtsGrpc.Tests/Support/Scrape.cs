using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TtsGrpc.Tests.Support;

/// <summary>One read of a Prometheus text endpoint: every sample with its labels.</summary>
public sealed partial class Scrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private Scrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            _samples.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    public static async Task<Scrape> ReadAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new Scrape(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// A free loopback port for a server that needs a fixed one. It is taken below the kernel's ephemeral range and
    /// never handed out twice in this process: a port from that range, free when checked, could be given to another
    /// test's outgoing connection or port-0 listener before the server binds it.
    /// </summary>
    public static int FreePort()
    {
        var below = EphemeralStart();
        while (true)
        {
            var port = FirstPort + (Interlocked.Increment(ref _nextPort) % (below - FirstPort));
            try
            {
                using var listener = new TcpListener(System.Net.IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken by something else: the next one
            }
        }
    }

    private const int FirstPort = 10000;

    private static int _nextPort = Random.Shared.Next(0, 20000);

    private static int EphemeralStart()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(Range) && int.TryParse(File.ReadAllText(Range).Split('\t', ' ')[0], out var start) && start > FirstPort + 1000
            ? start
            : 32768;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> that carry all the given labels; 0 when none does.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) => _samples
        .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
        .Sum(s => s.Value);

    /// <summary>The label sets of every sample of <paramref name="name"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Series(string name) =>
        [.. _samples.Where(s => s.Name == name).Select(s => (IReadOnlyDictionary<string, string>)s.Labels)];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
