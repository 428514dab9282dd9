using System.CommandLine;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// <c>tts voices [--language fr] [--engine piper]</c>: the server's voices as a table;
/// <c>tts voices create|get|delete|preload|install</c>: the server's Voices service.
/// </summary>
internal static class VoicesCommand
{
    private static readonly Option<string> Language = new("--language")
    {
        Description = "Only voices that speak this language (BCP-47, e.g. fr or en-US).",
        DefaultValueFactory = _ => "",
    };

    private static readonly Option<string> Engine = new("--engine")
    {
        Description = "Only voices of this engine: espeak, piper, kokoro, openai, or created (voices made from a recording).",
        DefaultValueFactory = _ => "",
    };

    public static Command Create()
    {
        var command = new Command("voices", "List the voices the server offers (built-in, installed and created), or manage voices.") { Language, Engine };
        command.Subcommands.Add(VoicesCreateCommand.Create());
        command.Subcommands.Add(VoicesGetCommand.Create());
        command.Subcommands.Add(VoicesDeleteCommand.Create());
        command.Subcommands.Add(VoicesPreloadCommand.Create());
        command.Subcommands.Add(VoicesInstallCommand.Create());
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var request = new ListVoicesRequest { Language = result.GetValue(Language) ?? "", Engine = result.GetValue(Engine) ?? "" };
        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new TextToSpeech.TextToSpeechClient(channel);
            var response = await client.ListVoicesAsync(request, cancellationToken: cancellationToken);
            if (response.Voices.Count == 0)
            {
                string[] filters = [
                    request.Engine.Length > 0 ? $"engine '{request.Engine}'" : "",
                    request.Language.Length > 0 ? $"language '{request.Language}'" : ""];
                var of = string.Join(" and ", filters.Where(f => f.Length > 0));
                await Console.Error.WriteLineAsync(of.Length > 0 ? $"no voices for {of}" : "no voices");
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
