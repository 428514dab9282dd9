using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Voices;
using TtsGrpc.Native;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>A created voice changes how synthesis sounds: its pitch, its spectrum, not its timing.</summary>
public sealed class VoiceConditioningTests(ServerFixture server)
{
    private const string Text =
        "It was a bright cold day in April, and the clocks were striking thirteen. " +
        "The hallway smelt of boiled cabbage and old rag mats. " +
        "At one end of it a coloured poster, too large for indoor display, had been tacked to the wall.";

    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    [Fact]
    public async Task Synthesize_CreatedVoiceFromRealSpeech_MatchesItsPitchAndMovesTowardItsSpectrum()
    {
        var voice = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference, name: "Austen reader");
        var reference = server.Services.GetRequiredService<VoiceRegistry>().Find(voice.Id)!.Profile;
        Assert.InRange(reference.F0MedianHz, 80, 250);

        var plain = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = Text, Voice = "en-us", CacheMode = CacheMode.Bypass });
        var conditioned = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = Text, Voice = voice.Id, Exaggeration = 1, CacheMode = CacheMode.Bypass,
        });

        var output = AudioAnalysis.Pcm16(conditioned.Audio);
        var f0 = AudioAnalysis.MedianF0(output, 22050);
        Assert.InRange(f0, reference.F0MedianHz * 0.9, reference.F0MedianHz * 1.1);

        var plainDistance = MelDistance(Analyze(AudioAnalysis.Pcm16(plain.Audio)), reference);
        var conditionedDistance = MelDistance(Analyze(output), reference);
        Assert.True(conditionedDistance <= 0.75 * plainDistance, $"log-mel distance {conditionedDistance:F3} vs default voice {plainDistance:F3}");

        var plainSegments = SegmentSamples(plain);
        var conditionedSegments = SegmentSamples(conditioned);
        Assert.Equal(plainSegments.Count, conditionedSegments.Count);
        Assert.All(plainSegments.Zip(conditionedSegments), p => Assert.InRange((double)p.Second / p.First, 0.8, 1.2));
    }

    [Fact]
    public async Task Synthesize_CreatedVoice_ExaggerationIsPartOfTheSegmentKey()
    {
        var voice = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference);
        var text = $"Exaggeration check {Random.Shared.Next(100_000, 999_999)}.";

        await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, Voice = voice.Id, Exaggeration = 0.2f });
        var other = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, Voice = voice.Id, Exaggeration = 0.9f });
        var same = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, Voice = voice.Id, Exaggeration = 0.2f });

        Assert.Equal(0, other.Summary.SegmentsCached);
        Assert.Equal(1, same.Summary.SegmentsCached);
    }

    private static VoiceProfile Analyze(short[] pcm22050)
    {
        using var core = AudioCore.Create(ComputeBackend.Cpu);
        var input = pcm22050.Select(s => s / 32768f).ToArray();
        var length = AudioCore.ResampledLength(22050, 16000, input.Length);
        var resampled = new float[length];
        core.Resample(input, [0, input.Length], 22050, 16000, resampled, [0, length]);
        var p = core.AnalyzeVoice(resampled);
        return new VoiceProfile(0, p.F0MedianHz, p.F0P10Hz, p.F0P90Hz, p.VoicedRatio, p.DurationSeconds, p.LoudnessDbfs,
            [.. p.MelMean], [.. p.MelStd], [.. p.EnvelopeDb], [.. p.Embedding]);
    }

    /// <summary>RMS difference of the long-term (mean over active frames) log-mel spectra.</summary>
    private static double MelDistance(VoiceProfile a, VoiceProfile b) =>
        Math.Sqrt(a.MelMean.Zip(b.MelMean, (x, y) => (double)(x - y) * (x - y)).Average());

    private static List<long> SegmentSamples(SynthesisCall call) =>
        [.. call.Messages.GroupBy(m => m.SegmentIndex).OrderBy(g => g.Key).Select(g => g.Sum(m => (long)m.Audio.Length))];
}
