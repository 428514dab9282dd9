using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache validate</c>: has the server verify every stored entry's and voice's checksums.</summary>
internal static class CacheValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "Verify the checksums of the stored audio and voices; corrupt entries are removed.");
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken) =>
        await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new CacheAdmin.CacheAdminClient(channel);
            var report = await client.ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: cancellationToken);
            await Console.Out.WriteLineAsync($"audio: scanned {report.Scanned}, corrupt {report.Corrupt}, removed {report.Removed}");
            await Console.Out.WriteLineAsync(
                $"voices: scanned {report.VoicesScanned}, corrupt {report.VoicesCorrupt}, removed {report.VoicesRemoved}");
            await Console.Out.WriteLineAsync(
                $"voice packs: scanned {report.EmbeddingsScanned}, corrupt {report.EmbeddingsCorrupt}, removed {report.EmbeddingsRemoved}");
            return 0;
        });
}
