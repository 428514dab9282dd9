using System.CommandLine;
using System.Globalization;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts cache status "text"</c>: which segments of that text the cache would serve.</summary>
internal static class CacheStatusCommand
{
    private const int KeyWidth = 12;
    private const int TextWidth = 60;

    private static readonly Argument<string> Text = new("text")
    {
        Description = "The text to look up, or - to read it from standard input.",
    };

    public static Command Create()
    {
        var command = new Command("status", "Show, segment by segment, whether a text's audio is cached.")
        {
            Text, SpeechOptions.Voice, SpeechOptions.Speed, SpeechOptions.Pitch,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        // The same fields as 'tts say' sends, so the keys looked up are the ones a synthesis would use.
        var request = new SynthesizeRequest
        {
            Text = await SpeechOptions.ReadTextAsync(result.GetValue(Text)!, cancellationToken),
            Voice = result.GetValue(SpeechOptions.Voice) ?? "",
            Speed = result.GetValue(SpeechOptions.Speed),
            PitchSemitones = result.GetValue(SpeechOptions.Pitch),
        };

        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new CacheAdmin.CacheAdminClient(channel);
            var response = await client.GetCacheStatusAsync(request, cancellationToken: cancellationToken);

            // Segments are numbered from 1, as 'tts say' reports them.
            string[][] rows =
            [
                ["#", "CACHED", "KEY", "TEXT"],
                .. response.Segments.Select(s => new[]
                {
                    (s.Index + 1).ToString(CultureInfo.InvariantCulture),
                    s.Cached ? "yes" : "no",
                    s.Key.Length > KeyWidth ? s.Key[..KeyWidth] : s.Key,
                    DisplayText.OneLine(s.Text, TextWidth),
                }),
            ];
            await TextTable.WriteAsync(Console.Out, rows, 0);
            await Console.Out.WriteLineAsync($"{response.Segments.Count(s => s.Cached)} of {response.Segments.Count} segments cached");
            return 0;
        });
    }
}
