using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TtsGrpc.Core.Engines.Internal;

namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// A loaded Kokoro-82M model, whichever of its exports it is: kokoro-onnx's (<c>tokens</c>, <c>style</c>, float
/// <c>speed</c> → <c>audio</c>) or the hexgrad/onnx-community one (<c>input_ids</c>, <c>style</c>, float or int32
/// <c>speed</c> → <c>waveform</c>, <c>duration</c>). Names and types come from the session, never assumed. The
/// vocabulary is the model's <c>kokoro_config</c> metadata when it has one, else the config.json given. The
/// duration output (frames of <see cref="FrameSamples"/> per id sent, pads included) is read when the model has it.
/// </summary>
public sealed class KokoroModel : IDisposable
{
    public const int SampleRate = 24000;
    public const int StyleSize = 256;

    /// <summary>Samples in one frame of the duration output: 24 kHz at 40 frames a second.</summary>
    public const int FrameSamples = 600;

    private readonly InferenceSession _session;
    private readonly string _ids;
    private readonly string _audio;
    private readonly bool _integerSpeed;
    private readonly string[] _outputs;

    private KokoroModel(InferenceSession session, string path, KokoroVocabulary vocabulary)
    {
        _session = session;
        Path = path;
        Vocabulary = vocabulary;
        var inputs = session.InputMetadata;
        _ids = inputs.ContainsKey("tokens") ? "tokens" : inputs.ContainsKey("input_ids") ? "input_ids"
            : throw new FormatException($"it takes inputs ({string.Join(", ", inputs.Keys)}), not Kokoro's (tokens or input_ids, style, speed)");
        if (!inputs.TryGetValue("style", out var style) || !inputs.TryGetValue("speed", out var speed))
        {
            throw new FormatException($"it takes inputs ({string.Join(", ", inputs.Keys)}), not Kokoro's (tokens or input_ids, style, speed)");
        }

        if (style.ElementDataType != TensorElementType.Float || inputs[_ids].ElementDataType != TensorElementType.Int64)
        {
            throw new FormatException($"its {_ids} must be int64 and its style float32 (they are {inputs[_ids].ElementDataType} and {style.ElementDataType})");
        }

        _integerSpeed = speed.ElementDataType switch
        {
            TensorElementType.Float => false,
            TensorElementType.Int32 => true,
            var other => throw new FormatException($"its speed is {other}; Kokoro exports take float32 or int32"),
        };
        var outputs = session.OutputMetadata;
        _audio = outputs.ContainsKey("audio") ? "audio" : outputs.ContainsKey("waveform") ? "waveform"
            : throw new FormatException($"it gives outputs ({string.Join(", ", outputs.Keys)}), not Kokoro's (audio, or waveform and duration)");
        HasDurations = outputs.TryGetValue("duration", out var duration) && duration.ElementDataType == TensorElementType.Int64;
        _outputs = HasDurations ? [_audio, "duration"] : [_audio];
    }

    public string Path { get; }

    public KokoroVocabulary Vocabulary { get; }

    /// <summary>Where it runs: "CUDA" or "CPU".</summary>
    public string Provider { get; private init; } = OnnxSessions.Cpu;

    /// <summary>The speed input is an integer: a fractional speed cannot be sent (it would truncate, 0.9 to 0).</summary>
    public bool IntegerSpeed => _integerSpeed;

    /// <summary>The model gives the frames it spoke each id for (int64 <c>duration</c>, as the hexgrad/onnx-community export does).</summary>
    public bool HasDurations { get; }

    /// <summary>
    /// Loads <paramref name="path"/> with the session options Piper voices use; with <paramref name="tryCuda"/> on
    /// ONNX Runtime's CUDA execution provider when it loads (else one warning says why, and it runs on the CPU). A
    /// file that is not a Kokoro model throws <see cref="FormatException"/> saying why.
    /// </summary>
    public static KokoroModel Load(string path, string? configPath, int intraOpThreads, bool tryCuda = false, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var started = Stopwatch.GetTimestamp();
        InferenceSession session;
        string provider;
        try
        {
            (session, provider) = OnnxSessions.Open(path, intraOpThreads, tryCuda, reason => KokoroLog.CudaUnavailable(logger, reason));
        }
        catch (OnnxRuntimeException e)
        {
            throw new FormatException($"ONNX Runtime could not load it: {e.Message.Trim()}", e);
        }

        try
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            var config = metadata.TryGetValue("kokoro_config", out var embedded) ? embedded
                : configPath is not null && File.Exists(configPath) ? File.ReadAllText(configPath)
                : throw new FormatException(
                    $"it has no kokoro_config metadata and there is no config.json at {configPath ?? "(none)"}; put Kokoro's config.json beside the model or set Tts:Engines:Kokoro:ConfigPath");
            var model = new KokoroModel(session, path, KokoroVocabulary.Parse(config)) { Provider = provider };
            KokoroLog.ModelLoaded(logger, path, provider, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One run: <paramref name="ids"/> (at most 510, without pads; the pads 0 are added here), one style row of 256
    /// floats, and the speed (a whole number for a model with an integer speed). Returns 24 kHz float audio and, when
    /// the model <see cref="HasDurations"/>, the frames of each id sent: the pads first and last, ids.Length + 2.
    /// </summary>
    public (float[] Audio, long[]? Durations) Run(long[] ids, float[] style, float speed, CancellationToken cancellationToken)
    {
        if (ids.Length > KokoroVocabulary.MaxIds)
        {
            throw new ArgumentException($"{ids.Length} ids; a Kokoro run takes at most {KokoroVocabulary.MaxIds}.", nameof(ids));
        }

        var padded = new long[ids.Length + 2];
        ids.CopyTo(padded, 1);
        using var input = OrtValue.CreateTensorValueFromMemory(padded, [1, padded.Length]);
        using var styleValue = OrtValue.CreateTensorValueFromMemory(style, [1, StyleSize]);
        using var speedValue = _integerSpeed
            ? OrtValue.CreateTensorValueFromMemory(new[] { (int)speed }, [1])
            : OrtValue.CreateTensorValueFromMemory(new[] { speed }, [1]);
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var outputs = _session.Run(runOptions, [_ids, "style", "speed"], [input, styleValue, speedValue], _outputs);
            var audio = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var durations = HasDurations ? outputs[1].GetTensorDataAsSpan<long>().ToArray() : null;
            return (audio, durations?.Length == padded.Length ? durations : null);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public void Dispose() => _session.Dispose();
}
