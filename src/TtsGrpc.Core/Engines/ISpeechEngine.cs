namespace TtsGrpc.Core.Engines;

/// <summary>
/// The seam every speech engine implements. <see cref="Id"/> and <see cref="Version"/> are part of
/// every cache key, so a new engine build never serves audio made by an older one.
/// </summary>
public interface ISpeechEngine
{
    string Id { get; }

    string Version { get; }

    /// <summary>Rate of the PCM16 the engine produces.</summary>
    int SampleRate { get; }

    IReadOnlyList<EngineVoice> Voices { get; }

    /// <summary>
    /// Synthesizes a batch of texts with one voice and one set of prosody parameters; returns one
    /// mono PCM16 clip per text at <see cref="SampleRate"/>, in order.
    /// </summary>
    Task<IReadOnlyList<short[]>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken);
}
