using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Core.Synthesis;

/// <summary>
/// A validated synthesis request in domain terms. With a <paramref name="Reference"/> (a created voice),
/// <paramref name="Voice"/> is the engine voice that speaks and the reference conditions the result.
/// <paramref name="WordTimestamps"/>: the chunks carry when each word is spoken.
/// </summary>
public sealed record SynthesisRequest(
    string Text, EngineVoice Voice, Prosody Prosody, OutputFormat Format, float Exaggeration, string Language,
    CacheMode CacheMode = CacheMode.Use,
    CreatedVoice? Reference = null,
    bool WordTimestamps = false)
{
    /// <summary>What identifies the voice in cache keys: the engine voice's identity, after the created voice's id when there is one.</summary>
    public string VoiceKey => Reference is null ? Voice.CacheIdentity : Reference.Id + "|" + Voice.CacheIdentity;
}
