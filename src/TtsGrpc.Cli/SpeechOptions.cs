using System.CommandLine;

namespace TtsGrpc.Cli;

/// <summary>The voice options of commands that describe a synthesis; they are part of every segment's cache key.</summary>
internal static class SpeechOptions
{
    public static Option<string> Voice { get; } = new("--voice")
    {
        Description = "Voice id: a built-in voice (e.g. en-us) or a created voice's id (voice_..., from 'tts voices create'); see 'tts voices'. The server's default voice when left out.",
        DefaultValueFactory = _ => "",
    };

    public static Option<float> Speed { get; } = new("--speed")
    {
        Description = "Speaking rate, 0.25 to 4.",
        DefaultValueFactory = _ => 1f,
    };

    public static Option<float> Pitch { get; } = new("--pitch")
    {
        Description = "Pitch shift in semitones, -12 to 12.",
    };

    /// <summary>The text argument as given, or standard input for "-".</summary>
    public static async Task<string> ReadTextAsync(string text, CancellationToken cancellationToken) =>
        text == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : text;
}
