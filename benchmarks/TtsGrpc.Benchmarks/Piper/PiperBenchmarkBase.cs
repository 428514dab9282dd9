using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// Set-up shared by the Piper suites: a voices directory in a unique temp folder, holding one medium-cost voice
/// written by tools/models/piper_voice.py, the voice's config, and bare ONNX Runtime sessions opened with the
/// engine's own session options. An operation lasts from half a second to a few seconds (a model run takes about
/// 0.05 s per second of audio on 2 cores), so the iteration counts are capped for the default job;
/// <c>--warmupCount 3 --iterationCount 15</c> is what docs/benchmarks.md records, <c>--job short</c> a quick look.
/// </summary>
[MaxWarmupCount(8)]
[MaxIterationCount(20)]
public abstract class PiperBenchmarkBase
{
    protected const string Stem = "en_US-bench-medium";

    /// <summary>Output rate of the voice (its config says so; the engine returns audio at that rate).</summary>
    protected const int SampleRate = 22050;

    private static readonly string[] InputNames = ["input", "input_lengths", "scales"];
    private static readonly string[] OutputNames = ["output"];
    private string _directory = "";

    /// <summary>The unique temp folder of this case; deleted by the clean-up.</summary>
    protected string WorkDirectory => _directory;

    protected string VoicesDirectory => Path.Combine(_directory, "voices");

    protected string ModelPath { get; private set; } = "";

    protected PiperVoiceConfig Config { get; private set; } = null!;

    /// <summary>The decoder's upsampling rates; "8,8,4" is a real medium voice's.</summary>
    protected virtual string Upsampling => "8,8,4";

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        // BenchmarkDotNet skips GlobalCleanup when set-up throws; without this a failed start would leave its temp directory.
        try
        {
            _directory = Path.Combine(Path.GetTempPath(), "ttsgrpc-bench-piper-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(VoicesDirectory);
            ModelPath = PiperVoiceScript.WriteMedium(VoicesDirectory, Stem, Upsampling);
            Config = PiperVoiceConfig.Parse(await File.ReadAllBytesAsync(ModelPath + ".json"));
            await PrepareAsync();
        }
        catch
        {
            await GlobalCleanup();
            throw;
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        await CleanupAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Builds what the cases use; the voice is written and <see cref="Config"/> read.</summary>
    protected abstract Task PrepareAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>The voice's ids for a text, from the engine's own phonemizer.</summary>
    protected async Task<long[]> IdsAsync(PiperPhonemizer phonemizer, string text) =>
        (await phonemizer.ToIdsAsync(text, Config, CancellationToken.None)).Ids;

    /// <summary>A bare session on the voice's model with the options the engine opens its sessions with.</summary>
    protected InferenceSession OpenSession(int intraOpThreads)
    {
        using var options = OnnxSessions.CpuOptions(intraOpThreads);
        return new InferenceSession(ModelPath, options);
    }

    /// <summary>
    /// One model run of one or more rows, each padded with id 0 to the longest, and each row's audio cut to its own
    /// length. A real Piper graph gives one time axis for the whole batch and no per-row length (only a voice
    /// exported with its alignment output, w_ceil, says how many frames each row used); this model's durations
    /// are fixed, so a row of L ids is known to fill 1024 * L samples.
    /// </summary>
    protected float[][] Run(InferenceSession session, IReadOnlyList<long[]> rows)
    {
        var columns = rows.Max(r => r.Length);
        var ids = new long[rows.Count * columns];
        var lengths = new long[rows.Count];
        for (var b = 0; b < rows.Count; b++)
        {
            rows[b].CopyTo(ids, b * columns);
            lengths[b] = rows[b].Length;
        }

        using var input = OrtValue.CreateTensorValueFromMemory(ids, [rows.Count, columns]);
        using var inputLengths = OrtValue.CreateTensorValueFromMemory(lengths, [rows.Count]);
        using var scales = OrtValue.CreateTensorValueFromMemory(new[] { Config.NoiseScale, Config.LengthScale, Config.NoiseW }, [3]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, InputNames, [input, inputLengths, scales], OutputNames);
        var audio = outputs[0].GetTensorDataAsSpan<float>();
        var time = audio.Length / rows.Count;
        var clips = new float[rows.Count][];
        for (var b = 0; b < rows.Count; b++)
        {
            clips[b] = audio.Slice(b * time, rows.Count == 1 ? time : rows[b].Length * PiperVoiceScript.SamplesPerId).ToArray();
        }

        return clips;
    }

    protected static double Seconds(long samples) => samples / (double)SampleRate;
}
