namespace TtsGrpc.Core.Audio;

/// <summary>How audio leaves the service. WAV is LINEAR16 behind a RIFF header sent once.</summary>
public enum AudioEncoding
{
    Linear16,
    Float32,
    Mulaw,
    Wav,

    /// <summary>G.711 A-law, one byte per sample.</summary>
    Alaw,
}
