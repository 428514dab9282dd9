namespace TtsGrpc.Core.Engines;

/// <summary>
/// One text's audio from an engine: mono PCM16 at the voice's rate and, in text order, when each of its words is
/// spoken. <see cref="Words"/> is null when the voice cannot time words at all (<see cref="EngineVoice.UntimedReason"/>
/// says why), and empty when a voice that times words could not match this text's phonemes to its words: the cache
/// keeps that answer, where a null from a voice that times words means audio kept before timings were.
/// </summary>
public sealed record SpokenClip(short[] Pcm, IReadOnlyList<WordTiming>? Words = null);
