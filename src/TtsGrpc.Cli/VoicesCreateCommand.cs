using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// <c>tts voices create ref.wav --name NAME</c>: uploads a reference recording and prints the new voice's
/// id on stdout (alone, so <c>id=$(tts voices create ...)</c> captures it) and its profile on stderr.
/// </summary>
internal static class VoicesCreateCommand
{
    private const int ChunkBytes = 256 * 1024;

    private static readonly Argument<string> Reference = new("file")
    {
        Description = "The reference recording: a WAV file of clear speech by one speaker (1 s to 5 min).",
    };

    private static readonly Option<string> Name = new("--name")
    {
        Description = "Display name of the voice.",
        Required = true,
    };

    private static readonly Option<string> Language = new("--language")
    {
        Description = "Language the voice speaks (BCP-47, e.g. en-us); one of the built-in voices' languages.",
        DefaultValueFactory = _ => "",
    };

    private static readonly Option<string> Description = new("--description")
    {
        Description = "Free text stored with the voice.",
        DefaultValueFactory = _ => "",
    };

    private static readonly Option<string> BaseVoice = new("--base-voice")
    {
        Description = "Engine voice the created voice speaks with (e.g. piper:en_US-lessac-medium); default: the espeak voice for its language.",
        DefaultValueFactory = _ => "",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print only the new voice's id.",
    };

    public static Command Create()
    {
        var command = new Command("create", "Create a voice from a reference recording and print its id.")
        {
            Reference, Name, Language, Description, BaseVoice, Quiet,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var path = result.GetValue(Reference)!;
        var config = new VoiceConfig
        {
            Name = result.GetValue(Name)!,
            Language = result.GetValue(Language) ?? "",
            Description = result.GetValue(Description) ?? "",
            BaseVoice = result.GetValue(BaseVoice) ?? "",
        };

        // Opened before connecting, so a wrong path fails without a server round trip.
        if (Directory.Exists(path))
        {
            await Console.Error.WriteLineAsync($"error: {path} is a directory; give the reference recording's file.");
            return 1;
        }

        FileStream audio;
        try
        {
            audio = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkBytes, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: cannot read {path}: {e.Message}");
            return 1;
        }

        await using (audio)
        {
            if (audio.CanSeek && audio.Length == 0)
            {
                await Console.Error.WriteLineAsync($"error: {path} is empty; give a WAV recording of the voice.");
                return 1;
            }

            return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
            {
                var client = new Voices.VoicesClient(channel);
                using var call = client.CreateVoice(cancellationToken: cancellationToken);
                try
                {
                    await call.RequestStream.WriteAsync(new CreateVoiceRequest { Config = config }, cancellationToken);
                    if (!await SendAudioAsync(call.RequestStream, audio, path, cancellationToken))
                    {
                        return 1;
                    }

                    await call.RequestStream.CompleteAsync();
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    // The server ended the call before the upload was complete (a rejected config, a file
                    // over its limit): the response below carries its status and message.
                }

                var voice = await call.ResponseAsync;
                await Console.Out.WriteLineAsync(voice.Id);
                if (!result.GetValue(Quiet))
                {
                    string[][] rows = [["name", voice.Name], .. VoiceDetails.ProfileRows(voice.Profile ?? new VoiceProfileSummary())];
                    await TextTable.WriteAsync(Console.Error, rows);
                }

                return 0;
            });
        }
    }

    /// <summary>Streams the file in chunks; false (with the reason on stderr) when it cannot be read.</summary>
    private static async Task<bool> SendAudioAsync(
        IClientStreamWriter<CreateVoiceRequest> requests, FileStream audio, string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            int read;
            try
            {
                read = await audio.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"error: cannot read {path}: {e.Message}");
                return false;
            }

            if (read == 0)
            {
                return true;
            }

            await requests.WriteAsync(new CreateVoiceRequest { Audio = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
        }
    }
}
