namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// The shape of a Kokoro voice pack: float32 [510, 1, 256], one 256-value style row per id count. The first 128
/// values of a row feed the decoder, the last 128 the prosody predictor.
/// </summary>
public static class KokoroPack
{
    public const int Rows = 510;
    public const int Width = 256;
    public const int Length = Rows * Width;
    public const int ByteLength = Length * sizeof(float);

    /// <summary>
    /// The row for an utterance of <paramref name="idCount"/> phoneme ids, pads not counted: min(max(n, 0), 509),
    /// as kokoro-onnx, kokoro-js and sherpa-onnx pick it (the reference PyTorch pipeline uses n - 1).
    /// </summary>
    public static int RowFor(int idCount) => Math.Clamp(idCount, 0, Rows - 1);
}
