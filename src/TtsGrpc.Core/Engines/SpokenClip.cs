namespace TtsGrpc.Core.Engines;

/// <summary>
/// One text's audio from an engine: mono PCM16 at the voice's rate and, in text order, when each of its words is
/// spoken; <see cref="Words"/> is null when the engine cannot tell (see <see cref="EngineVoice.UntimedReason"/>).
/// </summary>
public sealed record SpokenClip(short[] Pcm, IReadOnlyList<WordTiming>? Words = null);
