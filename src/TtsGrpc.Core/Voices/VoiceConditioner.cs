using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Synthesis;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// Makes an engine voice sound like a created voice: before synthesis, the pitch shift that brings the
/// engine voice to the reference's median F0 (from <see cref="PitchCalibration"/>) is added to the
/// request's; after synthesis, the conditioning stage moves the spectral envelope toward the reference's
/// by the request's exaggeration and matches its loudness.
/// </summary>
public sealed class VoiceConditioner(PitchCalibration calibration, ConditioningBatcher batcher)
{
    public async Task<Prosody> ProsodyForAsync(SynthesisRequest request, CreatedVoice reference, CancellationToken cancellationToken)
    {
        var shift = await calibration.ShiftToReachAsync(request.Voice, reference.Profile.F0MedianHz, cancellationToken);
        var total = Math.Clamp(request.Prosody.PitchSemitones + shift, -Prosody.MaxPitchSemitones, Prosody.MaxPitchSemitones);
        return request.Prosody with { PitchSemitones = total };
    }

    public Task<short[]> ConditionAsync(short[] pcm, SynthesisRequest request, CreatedVoice reference, CancellationToken cancellationToken) =>
        batcher.ConditionAsync(pcm, request.Voice.SampleRate, reference, request.Exaggeration, cancellationToken);
}
