using TtsGrpc.Benchmarks.Internal;

namespace TtsGrpc.Benchmarks.Kokoro;

/// <summary>
/// tools/models/kokoro_model.py. <c>random</c>: random weights with the v1 signature (tokens, style, speed -> audio)
/// and the cost structure of Kokoro-82M's iSTFTNet generator: an embedding and one Conv1d in place of PL-BERT, the
/// text encoder and the predictor; 2 frames per id at speed 1, doubled in rate, then conv_pre to 512 channels, two
/// upsampling stages (x10, x6; 512 -> 256 -> 128 channels) each with the mean of three ResBlock1 (kernels 3, 7, 11;
/// dilations 1, 3, 5), conv_post to 22 channels and a stride-5 ConvTranspose in place of the iSTFT. 16.7 M
/// parameters, 66.7 MB. Its output is 1200 samples (two 600-sample frames) per column of ids, pads included.
/// <c>voices</c>: packs whose every row says which voice and row it is, here in an npz bundle.
/// </summary>
internal static class KokoroModelScript
{
    /// <summary>Samples per column of the ids (pads included) at speed 1.</summary>
    public const int SamplesPerColumn = 1200;

    /// <summary>The file name of kokoro-onnx's npz bundle of voice packs.</summary>
    public const string Bundle = "voices-v1.0.bin";

    /// <summary>Writes <paramref name="directory"/>/<paramref name="name"/>.onnx and config.json; returns the .onnx path.</summary>
    public static string WriteRandom(string directory, string name)
    {
        ModelScript.Run("kokoro_model.py", ["random", "--out", directory, "--name", name, "--seed", "1"]);
        return Path.Combine(directory, name + ".onnx");
    }

    /// <summary>Writes the packs of <paramref name="names"/> as one npz bundle (<see cref="Bundle"/>); returns its path.</summary>
    public static string WriteBundle(string directory, IReadOnlyList<string> names)
    {
        ModelScript.Run("kokoro_model.py", ["voices", "--out", directory, "--names", string.Join(',', names), "--npz", Bundle]);
        return Path.Combine(directory, Bundle);
    }
}
