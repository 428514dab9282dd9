using TtsGrpc.Protos.V1;

namespace TtsGrpc.Cli;

/// <summary>
/// The --format names the CLI accepts and what each means on the wire. Container formats have no fixed bytes per
/// sample (0) and are written as they arrive: the file is the stream.
/// </summary>
internal sealed record OutputEncoding(string Name, AudioEncoding Encoding, int BytesPerSample, string Extension = "")
{
    public static readonly OutputEncoding Wav = new("wav", AudioEncoding.Wav, 2);
    public static readonly OutputEncoding Linear16 = new("linear16", AudioEncoding.Linear16, 2);
    public static readonly OutputEncoding Float32 = new("float32", AudioEncoding.Float32, 4);
    public static readonly OutputEncoding Mulaw = new("mulaw", AudioEncoding.Mulaw, 1);
    public static readonly OutputEncoding Alaw = new("alaw", AudioEncoding.Alaw, 1);
    public static readonly OutputEncoding Opus = new("opus", AudioEncoding.OggOpus, 0, ".opus");
    public static readonly OutputEncoding Mp3 = new("mp3", AudioEncoding.Mp3, 0, ".mp3");
    public static readonly OutputEncoding Flac = new("flac", AudioEncoding.Flac, 0, ".flac");

    public static IReadOnlyList<OutputEncoding> All { get; } = [Wav, Linear16, Float32, Mulaw, Alaw, Opus, Mp3, Flac];

    public bool IsWav => Encoding == AudioEncoding.Wav;

    /// <summary>A container stream (Ogg Opus, MP3, FLAC): a file of its own kind, no samples to count.</summary>
    public bool IsContainer => BytesPerSample == 0;

    /// <summary>
    /// The named format, or, without a name, the one the file's extension says (.wav, .opus or .ogg, .mp3, .flac),
    /// else raw LINEAR16.
    /// </summary>
    public static OutputEncoding Resolve(string? name, string outputPath)
    {
        if (name is null)
        {
            var extension = Path.GetExtension(outputPath);
            return IsWavPath(outputPath) ? Wav
                : extension.Equals(".ogg", StringComparison.OrdinalIgnoreCase) ? Opus
                : All.FirstOrDefault(e => e.Extension.Length > 0 && e.Extension.Equals(extension, StringComparison.OrdinalIgnoreCase)) ?? Linear16;
        }

        return All.Single(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsWavPath(string path) => Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase);
}
