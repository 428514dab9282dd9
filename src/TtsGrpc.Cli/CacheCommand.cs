using System.CommandLine;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache stats|status|clear|validate</c>: the server's CacheAdmin service.</summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "Inspect and maintain the server's audio cache.");
        command.Subcommands.Add(CacheStatsCommand.Create());
        command.Subcommands.Add(CacheStatusCommand.Create());
        command.Subcommands.Add(CacheClearCommand.Create());
        command.Subcommands.Add(CacheValidateCommand.Create());
        return command;
    }
}
