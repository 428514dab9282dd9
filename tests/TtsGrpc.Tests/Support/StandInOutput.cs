namespace TtsGrpc.Tests.Support;

/// <summary>
/// What one row of a Piper stand-in's output says the model was sent (see <see cref="PiperStandIns"/>).
/// </summary>
/// <param name="Length">input_lengths of the row.</param>
/// <param name="Speaker">sid of the row; null for a single-speaker voice.</param>
/// <param name="NoiseScale">scales[0], to within 16/32767 when read from PCM16.</param>
/// <param name="LengthScale">scales[1], to within 16/32767 when read from PCM16.</param>
/// <param name="NoiseW">scales[2], to within 16/32767 when read from PCM16.</param>
/// <param name="FramesPerId">ceil(2 * length_scale): 256-sample frames each column takes.</param>
/// <param name="Ids">One per column of the input; columns at or past <paramref name="Length"/> read 0.</param>
public sealed record StandInOutput(
    int Length, int? Speaker, double NoiseScale, double LengthScale, double NoiseW, int FramesPerId, long[] Ids)
{
    /// <summary>The ids the row was meant to carry: the first <see cref="Length"/> columns.</summary>
    public long[] SentIds => Ids[..Math.Min(Length, Ids.Length)];
}
