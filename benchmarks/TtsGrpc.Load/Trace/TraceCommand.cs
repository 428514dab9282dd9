using System.CommandLine;
using System.Globalization;

namespace TtsGrpc.Load.Trace;

/// <summary>
/// <c>trace</c>: a seeded Zipf trace of short sentences played round-robin against R replicas with local tiers
/// only ("local"), the same R replicas sharing one Redis ("shared"), and one replica holding R times the memory
/// ("pooled"), side by side; then the time to first audio of a hit by tier.
/// </summary>
internal static class TraceCommand
{
    private const string AllConfigurations = "local,shared,pooled";

    public static Command Create()
    {
        var distinct = new Option<int>("--distinct") { Description = "Distinct sentences the trace draws from.", DefaultValueFactory = _ => 20000 };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent s: P(rank k) ∝ 1/k^s.", DefaultValueFactory = _ => 0.9 };
        var requests = new Option<int>("--requests") { Description = "Measured requests per configuration.", DefaultValueFactory = _ => 20000 };
        var warmup = new Option<int>("--warmup-requests") { Description = "Requests of the trace before measuring (the tiers fill).", DefaultValueFactory = _ => 10000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the trace; default: a new one, printed in the report." };
        var replicas = new Option<int>("--replicas") { Description = "Replicas of the local and shared configurations.", DefaultValueFactory = _ => 3 };
        var entries = new Option<long>("--memory-entries") { Description = "Segments each replica keeps in memory (pooled: replicas × this).", DefaultValueFactory = _ => 1000 };
        var clients = new Option<int>("--clients", "-c") { Description = "Concurrent clients.", DefaultValueFactory = _ => 8 };
        var probes = new Option<int>("--probes") { Description = "Texts of the tier phase (time to first audio by tier).", DefaultValueFactory = _ => 100 };
        var samples = new Option<int>("--redis-maxmemory-samples") { Description = "Redis maxmemory-samples (its LRU's sample size, 1..64).", DefaultValueFactory = _ => 10 };
        var configurations = new Option<string>("--configurations")
        {
            Description = $"Which configurations, comma-separated, of {AllConfigurations}; \"shared\" needs redis-server on PATH.",
            DefaultValueFactory = _ => AllConfigurations,
        };
        var serverDll = new Option<string?>("--server-dll") { Description = "TtsGrpc.Server.dll; default: the one built beside this tool." };
        var serverArgs = new Option<string[]>("--server-arg") { Description = "Extra argument for every replica (repeatable)." };
        var markdown = new Option<string?>("--markdown") { Description = "Also append the report to this file." };
        var command = new Command("trace", "Replay a Zipf trace against replicas with local tiers, with a shared Redis, and one pooled replica; hit ratios side by side.")
        {
            distinct, zipf, requests, warmup, seed, replicas, entries, clients, probes, samples, configurations, serverDll, serverArgs, markdown,
        };
        command.SetAction(async (result, _) =>
        {
            // Checked here, not in a command validator: a validator does not see the options' defaults.
            if (Problem(result, distinct, probes, replicas, entries, requests, clients, configurations) is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            var settings = new TraceSettings(
                result.GetValue(distinct), result.GetValue(zipf), result.GetValue(requests), result.GetValue(warmup),
                result.GetValue(seed) is not 0 and var s ? s : Random.Shared.Next(1, int.MaxValue),
                result.GetValue(replicas), result.GetValue(entries), result.GetValue(clients), result.GetValue(probes),
                result.GetValue(serverDll) ?? LoadCommands.BuiltServer(), result.GetValue(serverArgs) ?? []);
            var wanted = result.GetValue(configurations)!.Split(',', StringSplitOptions.TrimEntries).ToHashSet();
            if (wanted.Contains("shared") && !RedisServer.Installed)
            {
                Console.WriteLine("redis-server or redis-cli is not on PATH: the shared configuration is left out (apt-get install redis-server).");
                wanted.Remove("shared");
            }

            var report = await TraceSession.RunAsync(settings, wanted, result.GetValue(samples));
            Console.WriteLine();
            Console.WriteLine(report.Text);
            if (result.GetValue(markdown) is { } path)
            {
                var line = string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
                await File.AppendAllTextAsync(path, string.Create(CultureInfo.InvariantCulture,
                    $"`tts-load {line}` on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{report.Text}\n"));
            }

            return report.Failed ? 1 : 0;
        });
        return command;
    }

    private static string? Problem(
        ParseResult result, Option<int> distinct, Option<int> probes, Option<int> replicas, Option<long> entries, Option<int> requests,
        Option<int> clients, Option<string> configurations)
    {
        var d = result.GetValue(distinct);
        if (d < 1 || result.GetValue(probes) < 0 || d + result.GetValue(probes) > TraceSentences.Capacity)
        {
            return $"--distinct plus --probes must be between 1 and {TraceSentences.Capacity} (the sentences there are).";
        }

        if (result.GetValue(replicas) < 1 || result.GetValue(entries) < 1 || result.GetValue(requests) < 1 || result.GetValue(clients) < 1)
        {
            return "--replicas, --memory-entries, --requests and --clients must be at least 1.";
        }

        var known = AllConfigurations.Split(',');
        return result.GetValue(configurations)!.Split(',', StringSplitOptions.TrimEntries).FirstOrDefault(c => !known.Contains(c)) is { } unknown
            ? $"--configurations: '{unknown}' is not one of {AllConfigurations}."
            : null;
    }
}
