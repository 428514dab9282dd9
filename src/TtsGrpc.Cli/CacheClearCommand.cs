using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache clear [--scope memory|disk|all] [--keep-preloaded]</c>.</summary>
internal static class CacheClearCommand
{
    private static readonly Option<string> Scope = CreateScopeOption();

    private static readonly Option<bool> KeepPreloaded = new("--keep-preloaded")
    {
        Description = "Keep the voice profiles the server preloaded (pinned) in memory.",
    };

    public static Command Create()
    {
        var command = new Command("clear", "Remove cached audio from memory, disk or both.") { Scope, KeepPreloaded };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var request = new ClearCacheRequest
        {
            Scope = result.GetValue(Scope) switch
            {
                "memory" => CacheScope.Memory,
                "disk" => CacheScope.Disk,
                _ => CacheScope.All,
            },
            KeepPreloaded = result.GetValue(KeepPreloaded),
        };

        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new CacheAdmin.CacheAdminClient(channel);
            var response = await client.ClearCacheAsync(request, cancellationToken: cancellationToken);
            await Console.Out.WriteLineAsync($"removed {response.RemovedEntries} {(response.RemovedEntries == 1 ? "entry" : "entries")}");
            return 0;
        });
    }

    private static Option<string> CreateScopeOption()
    {
        var option = new Option<string>("--scope")
        {
            Description = "Which tier to clear.",
            DefaultValueFactory = _ => "all",
        };
        option.AcceptOnlyFromAmong("memory", "disk", "all");
        return option;
    }
}
