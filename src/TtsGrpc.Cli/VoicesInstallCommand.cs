using System.CommandLine;
using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// <c>tts voices install en_US-lessac-medium</c>: has the server download a Piper voice from its voice index, with
/// the progress on stderr, and prints the installed voice's id on stdout (alone, so <c>id=$(tts voices install ...)</c>
/// captures it). Interrupting the command cancels the install; the server keeps nothing of it.
/// </summary>
internal static class VoicesInstallCommand
{
    private static readonly Argument<string> Name = new("name")
    {
        Description = "A key of the Piper voice index, e.g. en_US-lessac-medium, or one of its aliases.",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print only the installed voice's id.",
    };

    public static Command Create()
    {
        var command = new Command("install", "Install a Piper voice from the server's voice index and print its id.") { Name, Quiet };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var request = new InstallVoiceRequest { Name = result.GetValue(Name)! };
        var quiet = result.GetValue(Quiet);
        var progress = new InstallProgressBar(Console.Error, interactive: !Console.IsErrorRedirected, quiet);
        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new Voices.VoicesClient(channel);
            using var call = client.InstallVoice(request, cancellationToken: cancellationToken);
            Voice? voice = null;
            long downloaded = 0;
            try
            {
                await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    progress.Add(message);
                    voice = message.Voice ?? voice;
                    downloaded = message.VoiceBytesTotal;
                }
            }
            finally
            {
                progress.Complete();
            }

            if (voice is null)
            {
                await Console.Error.WriteLineAsync($"error: the server ended the install of {request.Name} without naming the installed voice.");
                return 1;
            }

            await Console.Out.WriteLineAsync(voice.Id);
            if (voice.UnavailableReason.Length > 0)
            {
                await Console.Error.WriteLineAsync($"error: {voice.Id} is installed but cannot be used: {voice.UnavailableReason}");
                return 1;
            }

            if (!quiet)
            {
                string[] details = [voice.Language, voice.Quality, voice.SampleRateHz > 0 ? $"{voice.SampleRateHz} Hz" : "", voice.Speakers.Count > 1 ? $"{voice.Speakers.Count} speakers" : ""];
                await Console.Error.WriteLineAsync(
                    $"installed {voice.Id} ({string.Join(", ", details.Where(d => d.Length > 0))}): " +
                    $"{InstallProgressBar.Size(downloaded)} in {progress.Elapsed.TotalSeconds:0.0} s");
            }

            return 0;
        });
    }
}
