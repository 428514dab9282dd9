using Microsoft.ML.OnnxRuntime;

namespace TtsGrpc.Core.Engines.Piper.Internal;

/// <summary>
/// One loaded voice model. Runs may overlap (ONNX Runtime sessions are safe to run from several threads); the
/// session is disposed when it has been unloaded and its last run has finished.
/// </summary>
internal sealed class PiperSession
{
    private static readonly string[] OutputNames = ["output"];
    private readonly InferenceSession _session;
    private readonly bool _hasSpeakers;
    private int _users = 1; // the cache's own reference
    private int _disposed;

    public PiperSession(InferenceSession session, PiperVoiceFiles files, string provider)
    {
        _session = session;
        Files = files;
        Provider = provider;
        _hasSpeakers = session.InputMetadata.ContainsKey("sid");
    }

    public PiperVoiceFiles Files { get; }

    /// <summary>"CPU" or "CUDA".</summary>
    public string Provider { get; }

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
    /// One utterance: ids in, the model's float waveform out (its last dimension is time). Cancelling stops the run
    /// between two nodes of the graph, so a segment nobody waits for any more gives its cores back at once.
    /// </summary>
    public float[] Run(long[] ids, float noiseScale, float lengthScale, float noiseW, int speaker, CancellationToken cancellationToken)
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
            using var outputs = _session.Run(runOptions, names, values, OutputNames);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
