namespace TtsGrpc.Core.Engines;

/// <summary>
/// The seam every speech engine implements. <see cref="Id"/> and <see cref="Version"/> are part of
/// every cache key, so a new engine build never serves audio made by an older one. One engine serves
/// each voice-id prefix (<see cref="Name"/> + ":").
/// </summary>
public interface ISpeechEngine
{
    string Id { get; }

    /// <summary>The voice-id prefix without its colon ("espeak", "piper").</summary>
    string Name { get; }

    string Version { get; }

    /// <summary>The voices now available (an engine with installable voices may list more later).</summary>
    IReadOnlyList<EngineVoice> Voices { get; }

    /// <summary>
    /// The voice a client names after the engine's prefix ("en-us", "en_US-lessac-medium/alice"), or null when
    /// there is none. A voice that is installed but broken is returned with <see cref="EngineVoice.Unavailable"/> set.
    /// </summary>
    EngineVoice? Find(string name);

    /// <summary>
    /// Synthesizes a batch of texts with one voice and one set of prosody parameters; returns one
    /// mono PCM16 clip per text at the voice's <see cref="EngineVoice.SampleRate"/>, in order, with its
    /// word timings when the voice has them.
    /// </summary>
    Task<IReadOnlyList<SpokenClip>> SynthesizeAsync(
        IReadOnlyList<string> texts, EngineVoice voice, Prosody prosody, CancellationToken cancellationToken);
}
