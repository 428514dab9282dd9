namespace TtsGrpc.Tests.Support;

/// <summary>The input and output names of a Kokoro-82M export (see <see cref="KokoroStandIns"/>).</summary>
public enum KokoroSignature
{
    /// <summary>kokoro-onnx kokoro-v1.0.onnx: tokens, style, speed (float) -> audio.</summary>
    V1,

    /// <summary>hexgrad's export.py and onnx-community: input_ids, style, speed -> waveform, duration.</summary>
    Hf,
}
