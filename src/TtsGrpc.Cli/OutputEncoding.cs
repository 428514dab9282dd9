using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>The --format names the CLI accepts and what each means on the wire.</summary>
internal sealed record OutputEncoding(string Name, AudioEncoding Encoding, int BytesPerSample)
{
    public static readonly OutputEncoding Wav = new("wav", AudioEncoding.Wav, 2);
    public static readonly OutputEncoding Linear16 = new("linear16", AudioEncoding.Linear16, 2);
    public static readonly OutputEncoding Float32 = new("float32", AudioEncoding.Float32, 4);
    public static readonly OutputEncoding Mulaw = new("mulaw", AudioEncoding.Mulaw, 1);
    public static readonly OutputEncoding Alaw = new("alaw", AudioEncoding.Alaw, 1);

    public static IReadOnlyList<OutputEncoding> All { get; } = [Wav, Linear16, Float32, Mulaw, Alaw];

    public bool IsWav => Encoding == AudioEncoding.Wav;

    /// <summary>The named format, or, without a name, WAV for a .wav file and raw LINEAR16 otherwise.</summary>
    public static OutputEncoding Resolve(string? name, string outputPath)
    {
        if (name is null)
        {
            return IsWavPath(outputPath) ? Wav : Linear16;
        }

        return All.Single(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsWavPath(string path) => Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase);
}
