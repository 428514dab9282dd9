
namespace TtsGrpc.Tests.Support;

/// <summary>
/// ONNX models with a Piper voice's exact interface, written by tools/models/piper_voice.py, and the
/// decoder for what a stand-in's output reveals about the run the engine made.
/// </summary>
/// <remarks>
/// Output contract of a stand-in, for row b (N columns, L = input_lengths[b], ls = scales[1],
/// F = ceil(2*ls) frames per id, hop 256):
/// samples [0, 256) are a header: s[0] = 1.0 exactly (a peak marker, so peak normalisation
/// 32767/max(0.01, max|x|) scales by exactly 32767), s[1] = L/1024, s[2] = (sid[b]+1)/1024 in a
/// multi-speaker voice and 0 in a single-speaker one, s[3] = noise_scale/16, s[4] = ls/16,
/// s[5] = noise_w/16, the rest 0; then, for each column i, F*256 samples equal to input[b,i]/1024
/// when i &lt; L, else 0. So T = 256 + N*F*256. With alignment, w_ceil[b,0,i] = F when 0 &lt; i &lt; L, F + 1
/// for i = 0 (the header's frame is the first id's), 0 past L: 256*sum(w_ceil[b]) = T for a row as long as the
/// longest, as in a real voice, and id i &gt; 0 starts at 256*sum(w_ceil[b,0,..i]) = 256*(1 + F*i).
/// </remarks>
public static class PiperStandIns
{
    public const int Hop = 256;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    /// <summary>tools/models/piper_voice.py of this repository.</summary>
    public static string Script => ModelScript.PathOf("piper_voice.py");

    /// <summary>
    /// Writes <paramref name="directory"/>/<paramref name="stem"/>.onnx and its .onnx.json and returns the .onnx
    /// path. <paramref name="speakers"/> makes a multi-speaker voice (with the sid input);
    /// <paramref name="renameInputs"/> maps an input's name to another, for a voice with other inputs.
    /// <paramref name="alignment"/> adds the w_ceil output; <paramref name="alignmentAsPatched"/> adds it as Piper's
    /// patch_voice_with_alignment.py does (the Ceil's tensor name, /dp/Ceil_output_0, with no type).
    /// </summary>
    public static string Write(
        string directory,
        string stem,
        int sampleRate = 22050,
        string quality = "medium",
        IReadOnlyList<string>? speakers = null,
        int? defaultSpeaker = null,
        string espeakVoice = "en-us",
        bool alignment = false,
        IReadOnlyDictionary<string, string>? renameInputs = null,
        string phonemeType = "espeak",
        bool alignmentAsPatched = false)
    {
        List<string> args =
        [
            "standin", "--out", directory, "--stem", stem, "--sample-rate", $"{sampleRate}", "--quality", quality,
            "--espeak-voice", espeakVoice, "--phoneme-type", phonemeType,
        ];
        if (speakers is { Count: > 0 })
        {
            args.AddRange(["--speakers", string.Join(',', speakers)]);
        }

        if (defaultSpeaker is { } speaker)
        {
            args.AddRange(["--default-speaker", $"{speaker}"]);
        }

        if (alignment)
        {
            args.Add("--alignment");
        }

        if (alignmentAsPatched)
        {
            args.Add("--alignment-as-patched");
        }

        foreach (var (from, to) in renameInputs ?? new Dictionary<string, string>())
        {
            args.AddRange(["--rename-input", $"{from}={to}"]);
        }

        return Run(args, directory, stem);
    }

    /// <summary>A random-weight model with the cost of a Piper medium voice (for benchmarks); returns the .onnx path.</summary>
    public static string WriteMedium(string directory, string stem, int seed = 1, int sampleRate = 22050) =>
        Run(["medium", "--out", directory, "--stem", stem, "--seed", $"{seed}", "--sample-rate", $"{sampleRate}"], directory, stem);

    /// <summary>Samples a stand-in gives for <paramref name="columns"/> ids at <paramref name="lengthScale"/>.</summary>
    public static int ExpectedSamples(int columns, float lengthScale) => Hop + (columns * FramesPerId(lengthScale) * Hop);

    /// <summary>w_ceil of one row of <paramref name="length"/> ids used out of <paramref name="columns"/> at <paramref name="lengthScale"/>.</summary>
    public static float[] ExpectedWCeil(int columns, int length, float lengthScale) =>
        [.. Enumerable.Range(0, columns).Select(i => i >= length ? 0f : FramesPerId(lengthScale) + (i == 0 ? 1f : 0f))];

    /// <summary>The first sample of column <paramref name="column"/> &gt; 0 at <paramref name="framesPerId"/>.</summary>
    public static int ColumnStart(int column, int framesPerId) => Hop * (1 + (framesPerId * column));

    /// <summary>ceil(2 * length_scale), in float32 as the graph computes it.</summary>
    public static int FramesPerId(float lengthScale) => (int)MathF.Ceiling(2f * lengthScale);

    /// <summary>Decodes one row of a stand-in's raw output (float32, as the model wrote it).</summary>
    public static StandInOutput Decode(ReadOnlySpan<float> raw)
    {
        var values = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            values[i] = raw[i];
        }

        return Decode(values, tolerance: 1e-6);
    }

    /// <summary>
    /// Decodes PCM16 made from a stand-in's output by peak normalisation (the marker makes that value*32767,
    /// rounded), so id = round(pcm*1024/32767).
    /// </summary>
    public static StandInOutput Decode(ReadOnlySpan<short> pcm)
    {
        var values = new double[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            values[i] = pcm[i] / 32767.0;
        }

        return Decode(values, tolerance: 1.0 / 32767); // Piper truncates to int16: within one step
    }

    private static StandInOutput Decode(double[] x, double tolerance)
    {
        if (x.Length < Hop || (x.Length - Hop) % Hop != 0)
        {
            throw new InvalidDataException($"{x.Length} samples: a stand-in gives 256 of header, then whole 256-sample frames");
        }

        if (Math.Abs(x[0] - 1) > tolerance)
        {
            throw new InvalidDataException($"Sample 0 is {x[0]:R}, not the 1.0 marker: not a stand-in's output, or scaled after peak normalisation");
        }

        if (Array.FindIndex(x, 6, Hop - 6, v => v != 0) is var stray and >= 0)
        {
            throw new InvalidDataException($"Header sample {stray} is {x[stray]:R}; samples 6-255 of a stand-in's header are 0");
        }

        var length = (int)Math.Round(x[1] * 1024);
        var speakerCode = (int)Math.Round(x[2] * 1024);
        var lengthScale = x[4] * 16;
        var frames = (x.Length - Hop) / Hop;

        // The header gives ls only to within 16*tolerance, so ceil(2*ls) may be one of two at a whole number;
        // the right one is the run length under which every column's samples are all equal (a row that repeats
        // one id throughout leaves it open, and gets the lower).
        var error = 32 * tolerance;
        var lowest = Math.Max(0, (int)Math.Ceiling((2 * lengthScale) - error));
        var highest = Math.Max(0, (int)Math.Ceiling((2 * lengthScale) + error));
        for (var framesPerId = lowest; framesPerId <= highest; framesPerId++)
        {
            if (Columns(x, frames, framesPerId, tolerance) is { } ids)
            {
                return new StandInOutput(
                    length, speakerCode == 0 ? null : speakerCode - 1, x[3] * 16, lengthScale, x[5] * 16, framesPerId, ids);
            }
        }

        throw new InvalidDataException(
            $"{frames} frames after the header do not split into runs of ceil(2*{lengthScale:R}) frames of one value each");
    }

    /// <summary>The id of each run of <paramref name="framesPerId"/> frames, or null when a run is not one value.</summary>
    private static long[]? Columns(double[] x, int frames, int framesPerId, double tolerance)
    {
        if (framesPerId == 0)
        {
            return frames == 0 ? [] : null;
        }

        if (frames % framesPerId != 0)
        {
            return null;
        }

        var run = framesPerId * Hop;
        var ids = new long[frames / framesPerId];
        for (var i = 0; i < ids.Length; i++)
        {
            var start = Hop + (i * run);
            var middle = x[start + (run / 2)];
            for (var s = start; s < start + run; s++)
            {
                if (Math.Abs(x[s] - middle) > tolerance)
                {
                    return null;
                }
            }

            ids[i] = (long)Math.Round(middle * 1024);
        }

        return ids;
    }

    private static string Run(List<string> args, string directory, string stem)
    {
        ModelScript.Run(Script, args, ScriptTimeout);
        return Path.Combine(directory, stem + ".onnx");
    }
}
