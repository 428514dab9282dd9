using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load;

/// <summary>
/// <c>run</c>: load a server that is already running. <c>compare</c>: start the real server and a bare
/// server that streams the real server's recorded answers, then load one after the other with the same
/// clients and report them side by side. <c>bare-server</c>: the bare server itself.
/// </summary>
internal static class LoadCommands
{
    private static readonly Option<int> Clients = new("--clients", "-c") { Description = "Concurrent clients.", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> Connections = new("--connections") { Description = "HTTP/2 connections shared by the clients; 0 = one per client." };
    private static readonly Option<double> Duration = new("--duration", "-d") { Description = "Measured seconds.", DefaultValueFactory = _ => 60 };
    private static readonly Option<double> Warmup = new("--warmup") { Description = "Seconds of load before measuring.", DefaultValueFactory = _ => 5 };
    private static readonly Option<double> Uncached = new("--uncached") { Description = "Share of calls (0..1) with text never seen before: they miss the cache." };
    private static readonly Option<double> Streaming = new("--streaming") { Description = "Share of calls (0..1) made with StreamingSynthesize, a word at a time." };
    private static readonly Option<int> ReadDelay = new("--read-delay-ms") { Description = "Pause after each received message (slow readers)." };
    private static readonly Option<int> Requests = new("--requests") { Description = "Use only the first N requests of the mix; 0 = all." };
    private static readonly Option<int> Long = new("--long") { Description = "Every call asks for one text of N sentences instead of the mix." };
    private static readonly Option<string?> Markdown = new("--markdown") { Description = "Also append the report to this file." };
    private static readonly Option<Uri> Address = new("--address", "-a")
    {
        Description = "Server to load, e.g. http://127.0.0.1:50051.",
        Required = true,
        CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri)
            ? uri
            : ParseError(result, $"'{result.Tokens.Single().Value}' is not an address like http://127.0.0.1:50051."),
    };
    private static readonly Option<int> ServerPid = new("--server-pid") { Description = "Process id of the server, to sample its RSS." };
    private static readonly Option<bool> Unary = new("--unary") { Description = "Call the bare server's unary Fetch (bare server only)." };
    private static readonly Option<string?> ServerDll = new("--server-dll") { Description = "TtsGrpc.Server.dll; default: the one built beside this tool." };
    private static readonly Option<int> Rounds = new("--rounds") { Description = "Alternate bare and real this many times.", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> UnaryBaseline = new("--unary-baseline") { Description = "Also measure the bare server's unary call." };
    private static readonly Option<string[]> ServerArgs = new("--server-arg") { Description = "Extra argument for the real server (repeatable), e.g. --Tts:Synthesis:Lookahead=4." };
    private static readonly Option<string> Recording = new("--recording") { Description = "Recorded answers to serve.", Required = true };

    public static Command Run()
    {
        var command = new Command("run", "Load a running server and report throughput, time to first audio, errors and RSS.")
        {
            Address, ServerPid, Unary, Clients, Connections, Duration, Warmup, Uncached, Streaming, ReadDelay, Requests, Long, Markdown,
        };
        command.SetAction(async (result, _) =>
        {
            var settings = SettingsOf(result) with { Unary = result.GetValue(Unary) };
            using var rss = result.GetValue(ServerPid) is > 0 and var pid ? new ProcessSampler(pid) : null;
            var run = await LoadRunner.RunAsync(result.GetValue(Address)!, RequestsOf(result), settings, rss);
            return await PrintAsync(result, [("server", run)]);
        });
        return command;
    }

    public static Command Compare()
    {
        var command = new Command("compare", "Start the real server and a bare server with the same recorded bytes; load both, side by side.")
        {
            ServerDll, ServerArgs, Rounds, UnaryBaseline, Clients, Connections, Duration, Warmup, Streaming, ReadDelay, Requests, Long, Markdown,
        };
        command.SetAction(async (result, _) =>
        {
            var settings = SettingsOf(result);
            var requests = RequestsOf(result);
            var scratch = Directory.CreateTempSubdirectory("tts-load-");
            try
            {
                await using var real = await StartRealServerAsync(result, scratch);
                var recording = Path.Combine(scratch.FullName, "answers.bin");
                global::TtsGrpc.Load.Recording.Write(recording, await RecordAsync(real.Address, requests));
                await using var bare = await ChildServer.StartAsync(
                    "bare server", typeof(LoadCommands).Assembly.Location, ["bare-server", "--recording", recording], TimeSpan.FromSeconds(30));
                Console.WriteLine($"real server {real.Address} (pid {real.Pid}), bare server {bare.Address} (pid {bare.Pid}); {requests.Count} requests in the mix");

                var rows = new List<(string, LoadResult)>();
                for (var round = 1; round <= result.GetValue(Rounds); round++)
                {
                    var suffix = result.GetValue(Rounds) > 1 ? $" #{round}" : "";
                    if (result.GetValue(UnaryBaseline))
                    {
                        rows.Add(("bare unary" + suffix, await LoadAsync(bare, requests, settings with { Unary = true })));
                    }

                    rows.Add(("bare stream" + suffix, await LoadAsync(bare, requests, settings)));
                    rows.Add(("TtsGrpc" + suffix, await LoadAsync(real, requests, settings)));
                }

                return await PrintAsync(result, rows);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });
        return command;
    }

    public static Command Soak()
    {
        var soakClients = new Option<int>("--clients", "-c") { Description = "Concurrent clients.", DefaultValueFactory = _ => 16 };
        var soakDuration = new Option<double>("--duration", "-d") { Description = "Measured seconds.", DefaultValueFactory = _ => 600 };
        var soakWarmup = new Option<double>("--warmup") { Description = "Seconds of load before measuring (caches fill to their bounds).", DefaultValueFactory = _ => 60 };
        var soakUncached = new Option<double>("--uncached") { Description = "Share of calls that miss.", DefaultValueFactory = _ => 0.2 };
        var soakStreaming = new Option<double>("--streaming") { Description = "Share of StreamingSynthesize calls.", DefaultValueFactory = _ => 0.2 };
        var maxGrowth = new Option<double>("--max-rss-growth") { Description = "Fail above this RSS growth (last quarter vs first quarter).", DefaultValueFactory = _ => 0.10 };
        var command = new Command("soak", "Start the real server, run mixed load for a long time, and check RSS stays flat and nothing fails.")
        {
            ServerDll, ServerArgs, soakClients, soakDuration, soakWarmup, soakUncached, soakStreaming, maxGrowth, Markdown,
        };
        command.SetAction(async (result, _) =>
        {
            var settings = new LoadSettings(
                result.GetValue(soakClients), result.GetValue(soakClients), TimeSpan.FromSeconds(result.GetValue(soakDuration)),
                TimeSpan.FromSeconds(result.GetValue(soakWarmup)), result.GetValue(soakUncached), TimeSpan.Zero,
                result.GetValue(soakStreaming), Unary: false);
            var scratch = Directory.CreateTempSubdirectory("tts-soak-");
            try
            {
                await using var real = await StartRealServerAsync(result, scratch);
                var run = await LoadAsync(real, Workload.Cached(0), settings);
                var exit = await PrintAsync(result, [("TtsGrpc soak", run)]);
                var rss = run.Server ?? throw new InvalidOperationException("the server's RSS could not be read");
                var growth = (double)rss.LastQuarterMedian / rss.FirstQuarterMedian - 1;
                Console.WriteLine($"RSS first quarter {rss.FirstQuarterMedian / 1048576.0:F0} MB, last quarter {rss.LastQuarterMedian / 1048576.0:F0} MB: growth {growth:P1} (limit {result.GetValue(maxGrowth):P0})");
                return exit != 0 || growth > result.GetValue(maxGrowth) ? 1 : 0;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });
        return command;
    }

    public static Command BareServer()
    {
        var command = new Command("bare-server", "Serve recorded answers with nothing else (used by compare).") { Recording };
        command.Hidden = true;
        command.SetAction((result, token) => global::TtsGrpc.Load.BareServer.RunAsync(result.GetValue(Recording)!, token));
        return command;
    }

    /// <summary>The real server with its default settings, metrics included, on a free metrics port so it runs beside another.</summary>
    private static Task<ChildServer> StartRealServerAsync(ParseResult result, DirectoryInfo scratch) => ChildServer.StartAsync(
        "real server", result.GetValue(ServerDll) ?? BuiltServer(),
        [
            "--urls", "http://127.0.0.1:0", "--Tts:DataDirectory=" + Path.Combine(scratch.FullName, "data"),
            // The HTTP API is off: its fixed default port would collide with a second server or another run.
            $"--Tts:Metrics:Port={FreePort()}", "--Tts:Http:Urls=", .. result.GetValue(ServerArgs) ?? [],
        ],
        TimeSpan.FromSeconds(60));

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<LoadResult> LoadAsync(ChildServer server, IReadOnlyList<SynthesizeRequest> requests, LoadSettings settings)
    {
        Console.WriteLine($"loading {server.Name}: {settings.Clients} clients, {settings.Warmup.TotalSeconds:F0} s warm-up, {settings.Duration.TotalSeconds:F0} s measured{(settings.Unary ? ", unary" : "")}");
        using var rss = new ProcessSampler(server.Pid);
        return await LoadRunner.RunAsync(server.Address, requests, settings, rss);
    }

    /// <summary>Asks the real server for every request twice and keeps the second answer, which is served from its cache.</summary>
    private static async Task<List<(SynthesizeRequest, IReadOnlyList<SynthesizeResponse>)>> RecordAsync(Uri address, IReadOnlyList<SynthesizeRequest> requests)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new TextToSpeech.TextToSpeechClient(channel);
        var answers = new List<(SynthesizeRequest, IReadOnlyList<SynthesizeResponse>)>();
        foreach (var request in requests)
        {
            await ReadAsync(client, request);
            var messages = await ReadAsync(client, request);
            if (messages.Count == 0 || messages[^1].Summary is not { } summary || summary.SegmentsCached != summary.SegmentsTotal)
            {
                throw new InvalidOperationException($"\"{request.Text}\" was not served from the cache the second time.");
            }

            answers.Add((request, messages));
        }

        return answers;
    }

    private static async Task<List<SynthesizeResponse>> ReadAsync(TextToSpeech.TextToSpeechClient client, SynthesizeRequest request)
    {
        using var call = client.Synthesize(request, deadline: DateTime.UtcNow.AddMinutes(2));
        return await call.ResponseStream.ReadAllAsync().ToListAsync();
    }

    private static Uri? ParseError(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static LoadSettings SettingsOf(ParseResult result) => new(
        result.GetValue(Clients),
        result.GetValue(Connections) is > 0 and var connections ? connections : result.GetValue(Clients),
        TimeSpan.FromSeconds(result.GetValue(Duration)),
        TimeSpan.FromSeconds(result.GetValue(Warmup)),
        result.GetValue(Uncached),
        TimeSpan.FromMilliseconds(result.GetValue(ReadDelay)),
        result.GetValue(Streaming),
        Unary: false);

    private static IReadOnlyList<SynthesizeRequest> RequestsOf(ParseResult result) =>
        result.GetValue(Long) is > 0 and var sentences ? [Workload.Long(sentences)] : Workload.Cached(result.GetValue(Requests));

    private static async Task<int> PrintAsync(ParseResult result, IReadOnlyList<(string, LoadResult)> rows)
    {
        var table = Report.Table(rows);
        Console.WriteLine();
        Console.WriteLine(table);
        if (result.GetValue(Markdown) is { } path)
        {
            var command = string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
            await File.AppendAllTextAsync(path, $"`tts-load {command}` on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{table}\n");
        }

        return rows.Any(r => r.Item2.Errors.Count > 0) ? 1 : 0;
    }

    /// <summary>src/TtsGrpc.Server/bin/&lt;configuration&gt;/net10.0/TtsGrpc.Server.dll of this repository.</summary>
    internal static string BuiltServer()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent?.Name ?? "Release";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "TtsGrpc.Server", "bin", configuration, "net10.0", "TtsGrpc.Server.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException($"TtsGrpc.Server.dll not found above {here.FullName}; build the solution or pass --server-dll.");
    }
}
