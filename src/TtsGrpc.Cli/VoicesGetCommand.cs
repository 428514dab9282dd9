using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts voices get ID</c>: every field of one voice, built-in or created.</summary>
internal static class VoicesGetCommand
{
    private static readonly Argument<string> Id = new("id")
    {
        Description = "The voice's id, see 'tts voices'.",
    };

    public static Command Create()
    {
        var command = new Command("get", "Show a voice: its metadata and, for a created voice, its measured profile.") { Id };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var request = new GetVoiceRequest { Id = result.GetValue(Id)! };
        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new Voices.VoicesClient(channel);
            var voice = await client.GetVoiceAsync(request, cancellationToken: cancellationToken);
            await TextTable.WriteAsync(Console.Out, VoiceDetails.Rows(voice));
            return 0;
        });
    }
}
