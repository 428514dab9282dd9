using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// One loaded voice model. Runs may overlap (ONNX Runtime sessions are safe to run from several threads); the
/// session is disposed when it has been unloaded and its last run has finished.
/// </summary>
internal sealed class PiperSession
{
    private readonly InferenceSession _session;
    private readonly bool _hasSpeakers;
    private readonly string[] _outputs;
    private int _users = 1; // the cache's own reference
    private int _disposed;

    public PiperSession(InferenceSession session, PiperVoiceFiles files, string provider)
    {
        _session = session;
        Files = files;
        Provider = provider;
        _hasSpeakers = session.InputMetadata.ContainsKey("sid");

        // The audio first, then the alignment output when the model has one: Piper's patch_voice_with_alignment.py
        // appends the Ceil's tensor (frames per id) under that tensor's own name, untyped.
        _outputs = [.. session.OutputNames.Take(2)];
    }

    public PiperVoiceFiles Files { get; }

    /// <summary>"CPU" or "CUDA".</summary>
    public string Provider { get; }

    /// <summary>The model gives the frames it spoke each id for (w_ceil, [1, 1, ids]) beside the audio.</summary>
    public bool HasAlignment => _outputs.Length > 1;

    public bool TryAcquire()
    {
        while (true)
        {
            var users = Volatile.Read(ref _users);
            if (users == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _users, users + 1, users) == users)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    /// <summary>
    /// One utterance: ids in, the model's float waveform out (its last dimension is time), and with
    /// <paramref name="aligned"/> on a model that <see cref="HasAlignment"/> the frames of each id. Cancelling stops
    /// the run between two nodes of the graph, so a segment nobody waits for any more gives its cores back at once.
    /// </summary>
    public (float[] Audio, float[]? Frames) Run(
        long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker, bool aligned, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var input = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var lengths = OrtValue.CreateTensorValueFromMemory(new long[] { ids.Length }, [1]);
        using var scales = OrtValue.CreateTensorValueFromMemory(new[] { noiseScale, lengthScale, noiseW }, [3]);
        using var sid = _hasSpeakers ? OrtValue.CreateTensorValueFromMemory(new long[] { speaker }, [1]) : null;
        var names = _hasSpeakers ? (string[])["input", "input_lengths", "scales", "sid"] : ["input", "input_lengths", "scales"];
        var values = _hasSpeakers ? (OrtValue[])[input, lengths, scales, sid!] : [input, lengths, scales];
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            aligned &= HasAlignment;
            using var outputs = _session.Run(runOptions, names, values, aligned ? _outputs : _outputs[..1]);
            var audio = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var frames = aligned && outputs[1].GetTensorTypeAndShape().ElementDataType == TensorElementType.Float
                ? outputs[1].GetTensorDataAsSpan<float>().ToArray() : null;
            return (audio, frames?.Length == ids.Length ? frames : null);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
