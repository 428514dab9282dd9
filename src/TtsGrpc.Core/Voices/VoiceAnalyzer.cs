using Microsoft.Extensions.Options;
using TtsGrpc.Core.Audio;
using TtsGrpc.Native;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// Turns an uploaded recording into a <see cref="VoiceProfile"/>: decode, check the limits, mix to
/// mono, resample to 16 kHz and analyse in the native core (CUDA or CPU). Every refusal is a
/// <see cref="TtsException"/> that says what to change.
/// </summary>
public sealed class VoiceAnalyzer(AudioCore core, IOptions<VoiceOptions> options)
{
    /// <summary>Bump when the analysis changes: it is part of every created voice's id.</summary>
    public const int AnalysisVersion = 1;
    public const int AnalysisRate = 16000;

    /// <summary>Peak below which a recording counts as silence (about -60 dBFS).</summary>
    private const float SilencePeak = 0.001f;

    public VoiceProfile Analyze(ReadOnlySpan<byte> upload)
    {
        var limits = options.Value;
        DecodedAudio audio;
        try
        {
            audio = WavReader.Read(upload);
        }
        catch (WavFormatException e)
        {
            throw TtsException.Invalid("The reference audio is not a usable WAV file: " + e.Message);
        }

        if (audio.SampleRate < limits.MinSampleRate || audio.SampleRate > limits.MaxSampleRate)
        {
            throw TtsException.Invalid(
                $"The recording's sample rate is {audio.SampleRate} Hz; send {limits.MinSampleRate} to {limits.MaxSampleRate} Hz.");
        }

        if (audio.DurationSeconds < limits.MinSeconds || audio.DurationSeconds > limits.MaxSeconds)
        {
            throw TtsException.Invalid(
                $"The recording lasts {audio.DurationSeconds:F2} s; send {limits.MinSeconds} s to {limits.MaxSeconds / 60:0.#} min of speech.");
        }

        if (audio.Samples.Max(MathF.Abs) < SilencePeak)
        {
            throw TtsException.Invalid("The recording is silent; send a recording of someone speaking.");
        }

        var profile = AnalyzeNative(ToAnalysisRate(audio.Samples, audio.SampleRate));
        if (profile.F0MedianHz <= 0 || profile.VoicedRatio <= 0)
        {
            throw TtsException.Invalid("No voiced speech was found in the recording; send a recording of someone speaking.");
        }

        return profile;
    }

    /// <summary>Median F0 of engine PCM16, used to calibrate the engine's pitch setting.</summary>
    public float MeasureF0(short[] pcm, int sampleRate)
    {
        var samples = new float[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            samples[i] = pcm[i] / 32768f;
        }

        return AnalyzeNative(ToAnalysisRate(samples, sampleRate)).F0MedianHz;
    }

    private float[] ToAnalysisRate(float[] samples, int sampleRate)
    {
        if (sampleRate == AnalysisRate)
        {
            return samples;
        }

        var length = AudioCore.ResampledLength(sampleRate, AnalysisRate, samples.Length);
        var resampled = new float[length];
        try
        {
            core.Resample(samples, [0, samples.Length], sampleRate, AnalysisRate, resampled, [0, length]);
        }
        catch (NativeException e) when (e.Status == NativeStatus.InvalidArgument)
        {
            throw TtsException.Invalid($"Sample rate {sampleRate} Hz cannot be converted: {e.Message}. Use a common rate such as 16000, 22050, 44100 or 48000 Hz.");
        }

        return resampled;
    }

    private VoiceProfile AnalyzeNative(float[] audio16k)
    {
        NativeVoiceProfile p;
        try
        {
            p = core.AnalyzeVoice(audio16k);
        }
        catch (NativeException e) when (e.Status == NativeStatus.InvalidArgument)
        {
            throw TtsException.Invalid("The recording could not be analysed: " + e.Message);
        }

        return new VoiceProfile(
            AnalysisVersion, p.F0MedianHz, p.F0P10Hz, p.F0P90Hz, p.VoicedRatio, p.DurationSeconds, p.LoudnessDbfs,
            [.. p.MelMean], [.. p.MelStd], [.. p.EnvelopeDb], [.. p.Embedding]);
    }
}
