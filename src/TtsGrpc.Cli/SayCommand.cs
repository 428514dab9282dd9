using System.CommandLine;
using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary><c>tts say "text" -o out.wav</c>: streams a synthesis into a file, in text order.</summary>
internal static class SayCommand
{
    private static readonly Argument<string> Text = new("text")
    {
        Description = "The text to speak, or - to read it from standard input.",
    };

    private static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "File to write the audio to (overwritten).",
        Required = true,
    };

    private static readonly Option<int> Rate = new("--rate")
    {
        Description = "Output sample rate in Hz; 0 = the engine's native rate.",
    };

    private static readonly Option<string?> Format = CreateFormatOption();

    private static readonly Option<bool> Words = new("--words")
    {
        Description = "Print when each word is spoken (start and end in seconds, then the word) once the audio is written.",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print nothing but errors.",
    };

    public static Command Create()
    {
        var command = new Command("say", "Synthesize text and write its audio to a file.")
        {
            Text, Output, SpeechOptions.Voice, Rate, Format, SpeechOptions.Speed, SpeechOptions.Pitch, Words, Quiet,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var path = result.GetValue(Output)!;
        var encoding = OutputEncoding.Resolve(result.GetValue(Format), path);
        if (!encoding.IsWav && OutputEncoding.IsWavPath(path))
        {
            await Console.Error.WriteLineAsync(encoding.IsContainer
                ? $"warning: {path} will hold an {encoding.Name} stream, not WAV."
                : $"warning: {path} will hold raw {encoding.Name} samples without a WAV header.");
        }

        var request = new SynthesizeRequest
        {
            Text = await SpeechOptions.ReadTextAsync(result.GetValue(Text)!, cancellationToken),
            Voice = result.GetValue(SpeechOptions.Voice) ?? "",
            Format = new AudioFormat { Encoding = encoding.Encoding, SampleRateHz = result.GetValue(Rate) },
            Speed = result.GetValue(SpeechOptions.Speed),
            PitchSemitones = result.GetValue(SpeechOptions.Pitch),
            EnableWordTimestamps = result.GetValue(Words),
        };
        var progress = new SegmentProgress(Console.Error, encoding, result.GetValue(Quiet));

        return await ServerConnection.RunAsync(result.GetValue(ClientOptions.Server)!, async channel =>
        {
            var client = new TextToSpeech.TextToSpeechClient(channel);
            using var call = client.Synthesize(request, cancellationToken: cancellationToken);
            try
            {
                await WriteAudioAsync(call.ResponseStream, path, encoding, progress, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot write {path}: {e.Message}");
                return 1;
            }

            progress.Complete();
            if (request.EnableWordTimestamps)
            {
                await progress.WriteWordsAsync(Console.Out);
            }

            return 0;
        });
    }

    private static Option<string?> CreateFormatOption()
    {
        var option = new Option<string?>("--format")
        {
            Description = "wav, linear16, float32, mulaw, alaw, opus (Ogg Opus), mp3 or flac; default: what the output's extension says (.wav, .opus or .ogg, .mp3, .flac), otherwise linear16.",
        };
        option.AcceptOnlyFromAmong([.. OutputEncoding.All.Select(e => e.Name)]);
        return option;
    }

    /// <summary>Writes every message's audio in order; a failed stream leaves no partial file behind.</summary>
    private static async Task WriteAudioAsync(
        IAsyncStreamReader<SynthesizeResponse> responses, string path, OutputEncoding encoding,
        SegmentProgress progress, CancellationToken cancellationToken)
    {
        var completed = false;
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
            await foreach (var message in responses.ReadAllAsync(cancellationToken))
            {
                progress.Add(message);
                await file.WriteAsync(message.Audio.Memory, cancellationToken);
            }

            if (encoding.IsWav)
            {
                await WavFile.PatchSizesAsync(file, cancellationToken);
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                File.Delete(path);
            }
        }
    }
}
