using System.Collections.Concurrent;
using TtsGrpc.Core.Engines;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// How an engine's pitch setting maps to the F0 it actually produces, measured once per engine voice
/// (a calibration sentence at five pitch shifts) and kept for the life of the process. Used to pick
/// the shift that brings an engine voice to a reference recording's median F0.
/// </summary>
public sealed class PitchCalibration(VoiceCatalog voices, VoiceAnalyzer analyzer)
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog while we all sing along together.";
    private static readonly float[] Shifts = [-12, -6, 0, 6, 12];
    private readonly ConcurrentDictionary<string, Lazy<Task<float[]>>> _curves = new();

    /// <summary>Semitones to add so <paramref name="voice"/> speaks at about <paramref name="targetF0Hz"/>, within ±12.</summary>
    public async Task<float> ShiftToReachAsync(EngineVoice voice, float targetF0Hz, CancellationToken cancellationToken)
    {
        var measurement = _curves.GetOrAdd(voice.CacheIdentity, _ => new Lazy<Task<float[]>>(() => MeasureAsync(voice)));
        try
        {
            return ShiftFor(await measurement.Value.WaitAsync(cancellationToken), targetF0Hz);
        }
        catch (Exception) when (measurement.Value.IsFaulted)
        {
            _curves.TryRemove(voice.CacheIdentity, out _); // measure again next time instead of remembering the failure
            throw;
        }
    }

    /// <summary>Piecewise-linear in log F0 between the measured points, clamped to the measured range.</summary>
    internal static float ShiftFor(float[] measuredF0, float targetF0Hz)
    {
        if (!(targetF0Hz > 0))
        {
            return 0;
        }

        var target = MathF.Log(targetF0Hz);
        if (target <= MathF.Log(measuredF0[0]))
        {
            return Shifts[0];
        }

        for (var i = 1; i < Shifts.Length; i++)
        {
            var (low, high) = (MathF.Log(measuredF0[i - 1]), MathF.Log(measuredF0[i]));
            if (target <= high && high > low)
            {
                return Shifts[i - 1] + ((Shifts[i] - Shifts[i - 1]) * (target - low) / (high - low));
            }
        }

        return Shifts[^1];
    }

    private async Task<float[]> MeasureAsync(EngineVoice voice)
    {
        var engine = voices.EngineOf(voice);
        var measured = new float[Shifts.Length];
        for (var i = 0; i < Shifts.Length; i++)
        {
            var clips = await engine.SynthesizeAsync([Sentence], voice, new Prosody(1f, Shifts[i]), CancellationToken.None);
            measured[i] = analyzer.MeasureF0(clips[0].Pcm, voice.SampleRate);
        }

        // Keep the curve monotonic so the inverse is defined even if one measurement is off.
        for (var i = 1; i < measured.Length; i++)
        {
            measured[i] = Math.Max(measured[i], measured[i - 1] * 1.001f);
        }

        return measured;
    }
}
