using TtsGrpc.Core.Engines.Espeak;

namespace TtsGrpc.Tests.Unit;

public sealed class EspeakProsodyTests
{
    [Theory]
    [InlineData(0f, 50, 50)]
    [InlineData(12f, 100, 100)]
    [InlineData(-12f, 0, 25)]
    [InlineData(6f, 75, 71)]
    public void PitchParameters_Semitones_ScaleBaseAndRangeTogether(float semitones, int pitch, int range) =>
        Assert.Equal((pitch, range), EspeakEngine.PitchParameters(semitones));
}
