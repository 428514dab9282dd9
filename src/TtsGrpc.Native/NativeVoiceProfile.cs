using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TtsGrpc.Native;

/// <summary>tts_voice_profile: the analysis of one reference recording, laid out as in ttsnative.h.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct NativeVoiceProfile
{
    public const int MelBands = 80;
    public const int EnvelopePoints = 65;
    public const int EmbeddingDimensions = 192;

    public float F0MedianHz;
    public float F0P10Hz;
    public float F0P90Hz;
    public float VoicedRatio;
    public float DurationSeconds;
    public float LoudnessDbfs;
    public int Frames;
    public int ActiveFrames;
    public MelVector MelMean;
    public MelVector MelStd;
    public EnvelopeVector EnvelopeDb;
    public EmbeddingVector Embedding;

    [InlineArray(MelBands)]
    public struct MelVector
    {
        private float _element;
    }

    [InlineArray(EnvelopePoints)]
    public struct EnvelopeVector
    {
        private float _element;
    }

    [InlineArray(EmbeddingDimensions)]
    public struct EmbeddingVector
    {
        private float _element;
    }
}
