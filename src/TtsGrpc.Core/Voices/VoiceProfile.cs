namespace TtsGrpc.Core.Voices;

/// <summary>
/// The text-independent analysis of a reference recording ("conditionals"): pitch statistics,
/// loudness, log-mel statistics, mean spectral envelope on a fixed Hz grid, and an L2-normalized
/// fingerprint for similarity.
/// </summary>
public sealed record VoiceProfile(
    int AnalysisVersion,
    float F0MedianHz,
    float F0P10Hz,
    float F0P90Hz,
    float VoicedRatio,
    float DurationSeconds,
    float LoudnessDbfs,
    float[] MelMean,
    float[] MelStd,
    float[] EnvelopeDb,
    float[] Embedding)
{
    /// <summary>Approximate memory held, for the byte-bounded voice cache.</summary>
    public long SizeBytes => 64 + (4L * (MelMean.Length + MelStd.Length + EnvelopeDb.Length + Embedding.Length));
}
