namespace TtsGrpc.Tests.Support;

/// <summary>
/// What a Kokoro stand-in's output says the model was sent (see <see cref="KokoroStandIns"/>).
/// </summary>
/// <param name="Columns">N, the number of ids the model was sent, pads included.</param>
/// <param name="Speed">speed as the model took it (an int32 speed arrives whole), to within 16/32767 from PCM16.</param>
/// <param name="Style">The 256 style values, to within 1/32767 from PCM16.</param>
/// <param name="FramesPerId">max(1, round(2/speed)): 600-sample frames each id takes.</param>
/// <param name="Ids">The ids, one per column.</param>
public sealed record KokoroStandInOutput(int Columns, double Speed, float[] Style, int FramesPerId, long[] Ids)
{
    /// <summary>The pack row the style came from: (style[0] + 0.5) * 1024 (see <see cref="KokoroStandIns.PackValue"/>).</summary>
    public double PackRow => (Style[0] + 0.5) * 1024;

    /// <summary>voice + 1 of the pack the style came from, or sum(w_i * (voice_i + 1)) of a blend with sum(w_i) = 1.</summary>
    public double VoiceCode => KokoroStandIns.VoiceCode(Style);
}
