
namespace TtsGrpc.Tests.Support;

/// <summary>
/// ONNX models with Kokoro-82M's exact interfaces, its config.json and voice packs, written by
/// tools/models/kokoro_model.py; the decoder for what a stand-in's output reveals about the run the
/// engine made, and the formula of every pack value.
/// </summary>
/// <remarks>
/// Output contract of a stand-in (no peak normalisation: Kokoro's samples are taken as they come).
/// N = columns of the ids (pads included), speed as float32 (an int32 speed arrives whole),
/// D = max(1, round(2/speed)) frames per id (float32, half to even), a frame of 600 samples;
/// speed &lt;= 0 makes the run fail. Samples [0, 600) are a header: s[0] = N/1024, s[1] = speed/16,
/// s[2+k] = style[0,k] unchanged for k in 0..255, s[258..599] = 0; then, for each column i, D*600
/// samples equal to ids[i]/1024. So samples = 600 + N*D*600. The hf signature's duration is D per id, but
/// 1 + D for the first (the pad, whose frames hold the header): sum(duration)*600 = samples, as in a real export,
/// and column i &gt; 0 starts at 600*sum(duration[..i]) = 600*(1 + D*i).
/// </remarks>
public static partial class KokoroStandIns
{
    /// <summary>Samples in one duration frame of Kokoro, and in a stand-in's header.</summary>
    public const int Frame = 600;

    public const int StyleLength = 256;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    /// <summary>tools/models/kokoro_model.py of this repository.</summary>
    public static string Script => ModelScript.PathOf("kokoro_model.py");

    /// <summary>
    /// Writes <paramref name="directory"/>/<paramref name="name"/>.onnx and <paramref name="directory"/>/config.json
    /// (Kokoro-82M's) and returns the .onnx path. <paramref name="int32Speed"/> (hf only) declares speed int32;
    /// <paramref name="embedConfig"/> adds the config as metadata key kokoro_config.
    /// </summary>
    public static string Write(
        string directory, string name, KokoroSignature signature = KokoroSignature.V1, bool int32Speed = false, bool embedConfig = false)
    {
        List<string> args =
        [
            "standin", "--out", directory, "--name", name, "--signature", signature == KokoroSignature.V1 ? "v1" : "hf",
            "--speed-type", int32Speed ? "int32" : "float",
        ];
        if (embedConfig)
        {
            args.Add("--embed-config");
        }

        Run(args);
        return Path.Combine(directory, name + ".onnx");
    }

    /// <summary>A random-weight model with the v1 signature and the cost structure of Kokoro's decoder; returns the .onnx path.</summary>
    public static string WriteRandom(string directory, string name, int seed = 1)
    {
        Run(["random", "--out", directory, "--name", name, "--seed", $"{seed}"]);
        return Path.Combine(directory, name + ".onnx");
    }

    /// <summary>max(1, round(2/speed)), in float32 as the graph computes it; speed &lt;= 0 fails the run.</summary>
    public static int FramesPerId(float speed) =>
        speed > 0 ? Math.Max(1, (int)MathF.Round(2f / speed, MidpointRounding.ToEven))
        : throw new ArgumentOutOfRangeException(nameof(speed), speed, "a stand-in's run fails at speed <= 0");

    /// <summary>Samples a stand-in gives for <paramref name="columns"/> ids at <paramref name="speed"/>.</summary>
    public static int ExpectedSamples(int columns, float speed) => Frame + (columns * FramesPerId(speed) * Frame);

    /// <summary>The duration output (hf) for <paramref name="columns"/> ids: D each, the first pad's with the header's frame.</summary>
    public static long[] ExpectedDurations(int columns, float speed) =>
        [.. Enumerable.Range(0, columns).Select(i => (long)FramesPerId(speed) + (i == 0 ? 1 : 0))];

    /// <summary>The first sample of column <paramref name="column"/> &gt; 0 (pads counted) at <paramref name="framesPerId"/>.</summary>
    public static int ColumnStart(int column, int framesPerId) => Frame * (1 + (framesPerId * column));

    /// <summary>Runs the script; returns the paths it wrote, one a line of its output.</summary>
    private static string[] Run(List<string> args) => ModelScript.Run(Script, args, ScriptTimeout);
}
