using TtsGrpc.Core.Audio;
using TtsGrpc.Core.Caching;
using TtsGrpc.Core.Engines;

namespace TtsGrpc.Core.Synthesis;

/// <summary>A validated synthesis request in domain terms.</summary>
public sealed record SynthesisRequest(
    string Text, EngineVoice Voice, Prosody Prosody, OutputFormat Format, float Exaggeration, string Language,
    CacheMode CacheMode = CacheMode.Use);
