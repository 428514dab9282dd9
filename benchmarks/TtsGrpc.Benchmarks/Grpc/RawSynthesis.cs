using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Espeak;
using TtsGrpc.Core.Synthesis;

namespace TtsGrpc.Benchmarks.Grpc;

/// <summary>
/// espeak-ng called directly, as the server's engine class, with the server's default voice and prosody:
/// what one sentence costs the engine with no server around it.
/// </summary>
internal sealed class RawSynthesis
{
    private readonly EspeakEngine _engine = new();
    private readonly EngineVoice _voice;
    private readonly string[] _texts;

    public RawSynthesis(string sentence)
    {
        _voice = new VoiceCatalog(_engine, new SynthesisOptions().DefaultVoice).Default;
        _texts = [sentence];
    }

    public int SampleRate => _engine.SampleRate;

    public async Task<short[]> SynthesizeAsync(CancellationToken cancellationToken) =>
        (await _engine.SynthesizeAsync(_texts, _voice, Prosody.Default, cancellationToken))[0].Pcm;
}
