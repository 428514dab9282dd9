using System.Globalization;
using TtsGrpc.Benchmarks.Internal;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// tools/models/piper_voice.py: a random-weight model with the decoder of a Piper medium voice (HiFi-GAN, channels
/// 256 -> 32, 256 samples per frame) and the .onnx.json of a real voice. It costs what a medium voice costs; its
/// durations are fixed at 4 frames per id, so a row of L ids gives exactly 1024 * L samples.
/// </summary>
internal static class PiperVoiceScript
{
    public const int SamplesPerId = 1024;

    /// <summary>
    /// Writes <paramref name="directory"/>/<paramref name="stem"/>.onnx and its config; <paramref name="upsampling"/>
    /// is the decoder's rates ("8,8,4" is a real medium voice's), each kernel twice its rate as in Piper.
    /// </summary>
    public static string WriteMedium(string directory, string stem, string upsampling)
    {
        var kernels = string.Join(',', upsampling.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture) * 2));
        ModelScript.Run("piper_voice.py", ["medium", "--out", directory, "--stem", stem, "--upsample-rates", upsampling, "--upsample-kernels", kernels]);
        return Path.Combine(directory, stem + ".onnx");
    }
}
