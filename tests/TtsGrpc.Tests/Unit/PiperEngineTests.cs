using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Engines.Internal;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Core.Engines.Piper.Internal;
using TtsGrpc.Core.Voices;
using TtsGrpc.Native;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>
/// The pieces of the Piper engine that need no server: Piper's int16 conversion, libsonic's pitch shift, the ONNX
/// signature reader, a cancelled model run, word timings from an alignment output however it is declared.
/// </summary>
public sealed class PiperEngineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void ToPcm16_QuietOutput_PeakScaledToFullScale_LikePiper()
    {
        var pcm = PiperEngine.ToPcm16([0.25f, -0.5f, 0.125f]);

        Assert.Equal(new short[] { 16383, -32767, 8191 }, pcm); // 32767 / 0.5, truncated as Piper's static_cast does
    }

    [Fact]
    public void ToPcm16_NearSilence_ScaledAtMostAHundredTimes()
    {
        var pcm = PiperEngine.ToPcm16([0.001f, -0.002f]);

        Assert.Equal(new short[] { 3276, -6553 }, pcm);
    }

    [Theory]
    [InlineData(12f, 2.0)]
    [InlineData(-5f, 0.749)]
    public void ShiftPitch_Tone_MovesItsF0ByTheSemitonesAndKeepsItsLength(float semitones, double ratio)
    {
        const int Rate = 22050;
        var tone = new short[Rate * 2];
        for (var i = 0; i < tone.Length; i++)
        {
            tone[i] = (short)(8000 * Math.Sin(2 * Math.PI * 180 * i / Rate));
        }

        var shifted = SonicNative.ShiftPitch(tone, Rate, semitones);

        using var core = AudioCore.Create(ComputeBackend.Cpu);
        var analyzer = new VoiceAnalyzer(core, Options.Create(new VoiceOptions()));
        var before = analyzer.MeasureF0(tone, Rate);
        var after = analyzer.MeasureF0(shifted, Rate);
        Assert.InRange(after / before, ratio * 0.95, ratio * 1.05);
        Assert.InRange(shifted.Length, tone.Length * 0.98, tone.Length * 1.02);
    }

    [Fact]
    public void OnnxModelInputs_StandInVoices_ReadsTheirSignatureWithoutLoadingThem()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var single = OnnxModelInputs.Read(PiperStandIns.Write(directory.Path, "single"));
        var multi = OnnxModelInputs.Read(PiperStandIns.Write(directory.Path, "multi", speakers: ["a", "b"], alignment: true));

        Assert.Equal(["input", "input_lengths", "scales"], single.Inputs.Select(i => i.Name));
        Assert.Equal([OnnxModelInputs.Int64, OnnxModelInputs.Int64, OnnxModelInputs.Float], single.Inputs.Select(i => i.ElementType));
        Assert.Equal(["output"], single.Outputs.Select(o => o.Name));
        Assert.Equal(["input", "input_lengths", "scales", "sid"], multi.Inputs.Select(i => i.Name));
        Assert.Equal(["output", "w_ceil"], multi.Outputs.Select(o => o.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>Not found</html>")]
    [InlineData("{\"audio\": {\"sample_rate\": 22050}}")]
    public void OnnxModelInputs_NotAModel_FormatException(string content)
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var path = Path.Combine(directory.Path, "x.onnx");
        File.WriteAllText(path, content);

        var refused = Assert.Throws<FormatException>(() => OnnxModelInputs.Read(path));
        Assert.Contains("not an ONNX model", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_CancelledDuringTheModelRun_StopsTheRunEarly()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        PiperStandIns.WriteMedium(directory.Path, "medium");
        using var engine = new PiperEngine(
            new PiperVoiceLibrary(directory.Path, NullLogger<PiperVoiceLibrary>.Instance), new PiperPhonemizer(),
            Options.Create(new PiperOptions()), NullLogger<PiperEngine>.Instance);
        var voice = engine.Find("medium")!;
        var token = TestContext.Current.CancellationToken;
        string[] text = [string.Join(' ', Enumerable.Repeat("Your parcel left the warehouse this morning and should reach you by Thursday.", 6))];
        await engine.SynthesizeAsync(["Loaded."], voice, Prosody.Default, token).WaitAsync(Timeout, token);

        var whole = Stopwatch.StartNew();
        await engine.SynthesizeAsync(text, voice, Prosody.Default, token).WaitAsync(Timeout, token);
        whole.Stop();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        cancel.CancelAfter(whole.Elapsed / 10);
        var cancelled = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => engine.SynthesizeAsync(text, voice, Prosody.Default, cancel.Token).WaitAsync(Timeout, token));
        cancelled.Stop();

        Assert.True(
            cancelled.Elapsed < whole.Elapsed * 0.5,
            $"whole run {whole.Elapsed.TotalMilliseconds:F0} ms; cancelled at a tenth of that, it ended after {cancelled.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task SynthesizeAsync_VoicePatchedAsPipersScriptPatchesIt_WordsTimedFromTheUntypedCeilOutput()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var signature = OnnxModelInputs.Read(PiperStandIns.Write(directory.Path, "patched", alignmentAsPatched: true));
        using var engine = Engine(directory.Path);
        var voice = engine.Find("patched")!;

        var clip = (await engine.SynthesizeAsync(["Hello world."], voice, Prosody.Default, TestContext.Current.CancellationToken)
            .WaitAsync(Timeout, TestContext.Current.CancellationToken))[0];

        Assert.Equal(["output", "/dp/Ceil_output_0"], signature.Outputs.Select(o => o.Name));
        Assert.Equal(0, signature.Outputs[1].ElementType); // no type, as the patch declares it
        Assert.Null(voice.UntimedReason);
        var words = Assert.IsType<IReadOnlyList<WordTiming>>(clip.Words, exactMatch: false);
        Assert.Equal([(0, 5), (6, 5)], words.Select(w => (w.TextStart, w.TextLength)));
        var ids = PiperStandIns.Decode(clip.Pcm).Ids;
        var space = Array.IndexOf(ids, PiperIdMap.Space);
        Assert.Equal((PiperStandIns.ColumnStart(2, 2), PiperStandIns.ColumnStart(space, 2)), (words[0].StartSample, words[0].EndSample));
        Assert.Equal(PiperStandIns.ColumnStart(space + 2, 2), words[1].StartSample);
        Assert.Equal(PiperStandIns.ColumnStart(ids.Length - 3, 2), words[1].EndSample); // before the "." and its pad, and $
    }

    [Fact]
    public async Task SynthesizeAsync_VoiceWithoutAlignment_NoTimingsAndTheVoiceSaysWhy()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        PiperStandIns.Write(directory.Path, "plain");
        using var engine = Engine(directory.Path);
        var voice = engine.Find("plain")!;

        var clips = await engine.SynthesizeAsync(["Hello.", "—"], voice, Prosody.Default, TestContext.Current.CancellationToken)
            .WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.All(clips, c => Assert.Null(c.Words));
        Assert.Equal(
            "the Piper model plain.onnx has no alignment output (w_ceil, the frames of each phoneme id), so its words cannot be timed; " +
            "piper's patch_voice_with_alignment.py adds it (python3 -m piper.patch_voice_with_alignment MODEL.onnx)",
            voice.UntimedReason);
    }

    private static PiperEngine Engine(string voices) => new(
        new PiperVoiceLibrary(voices, NullLogger<PiperVoiceLibrary>.Instance), new PiperPhonemizer(),
        Options.Create(new PiperOptions()), NullLogger<PiperEngine>.Instance);
}
