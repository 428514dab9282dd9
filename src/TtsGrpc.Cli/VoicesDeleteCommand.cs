using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts voices delete ID</c>: removes a created voice; built-in voices cannot be deleted.</summary>
internal static class VoicesDeleteCommand
{
    private static readonly Argument<string> Id = new("id")
    {
        Description = "The created voice's id.",
    };

    public static Command Create()
    {
        var command = new Command("delete", "Delete a created voice.") { Id };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var id = result.GetValue(Id)!;
        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new Voices.VoicesClient(channel);
            var response = await client.DeleteVoiceAsync(new DeleteVoiceRequest { Id = id }, cancellationToken: cancellationToken);
            if (!response.Deleted)
            {
                await Console.Error.WriteLineAsync($"error: {id} was not deleted");
                return 1;
            }

            await Console.Out.WriteLineAsync($"deleted {id}");
            return 0;
        });
    }
}
