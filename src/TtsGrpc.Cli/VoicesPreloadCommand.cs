using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// <c>tts voices preload ID [ID...]</c>: pins created voices in the server's memory; exit code 1 when
/// any id is not a created voice.
/// </summary>
internal static class VoicesPreloadCommand
{
    private static readonly Argument<string[]> Ids = new("ids")
    {
        Description = "Ids of created voices.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Command Create()
    {
        var command = new Command("preload", "Load created voices into the server's memory and keep them there.") { Ids };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var request = new PreloadVoicesRequest();
        request.Ids.Add(result.GetValue(Ids)!);

        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new Voices.VoicesClient(channel);
            var response = await client.PreloadVoicesAsync(request, cancellationToken: cancellationToken);
            await Console.Out.WriteLineAsync($"loaded {response.Loaded}");
            foreach (var id in response.Missing)
            {
                await Console.Error.WriteLineAsync($"missing {id}");
            }

            return response.Missing.Count > 0 ? 1 : 0;
        });
    }
}
