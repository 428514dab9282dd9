using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// <c>tts voices [--language fr]</c>: the server's voices as a table; <c>tts voices create|get|delete|preload</c>:
/// the server's Voices service.
/// </summary>
internal static class VoicesCommand
{
    private static readonly Option<string> Language = new("--language")
    {
        Description = "Only voices that speak this language (BCP-47, e.g. fr or en-US).",
        DefaultValueFactory = _ => "",
    };

    public static Command Create()
    {
        var command = new Command("voices", "List the voices the server offers (built-in and created), or manage created voices.") { Language };
        command.Subcommands.Add(VoicesCreateCommand.Create());
        command.Subcommands.Add(VoicesGetCommand.Create());
        command.Subcommands.Add(VoicesDeleteCommand.Create());
        command.Subcommands.Add(VoicesPreloadCommand.Create());
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var language = result.GetValue(Language) ?? "";
        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new TextToSpeech.TextToSpeechClient(channel);
            var response = await client.ListVoicesAsync(new ListVoicesRequest { Language = language }, cancellationToken: cancellationToken);
            if (response.Voices.Count == 0)
            {
                await Console.Error.WriteLineAsync(language.Length > 0 ? $"no voices for language '{language}'" : "no voices");
                return 0;
            }

            string[][] rows =
            [
                ["ID", "KIND", "LANGUAGE", "GENDER", "NAME"],
                .. response.Voices.Select(v => new[] { v.Id, VoiceDetails.Kind(v), v.Language, v.Gender, v.Name }),
            ];
            await TextTable.WriteAsync(Console.Out, rows);

            return 0;
        });
    }
}
