using System.Buffers.Binary;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class SynthesizeTests(ServerFixture server)
{
    private const string Hello = "Hello world, this is a test.";
    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    [Fact]
    public async Task Synthesize_DefaultFormat_IsLinear16AtEngineRateAsLongAsEspeakCli()
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = Hello });

        Assert.All(call.Messages, m => Assert.Equal(22050, m.SampleRateHz));
        var samples = call.Audio.Length / 2;
        var reference = await AudioAnalysis.EspeakCliSamplesAsync(Hello, "en-us");
        Assert.InRange(samples, reference * 0.9, reference * 1.1);
        Assert.Equal(samples, call.Summary.AudioSamples);
        Assert.True(AudioAnalysis.Pcm16(call.Audio).Any(s => Math.Abs((int)s) > 3000), "the audio is silent");
    }

    [Fact]
    public async Task Synthesize_ThreeSentences_StreamsSegmentsInTextOrderWithSummaryLast()
    {
        const string text = "Dr. Smith paid $3.50 for tea. \"Is it good?\" she asked.\n\nYes!";
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text });

        var indices = call.Messages.Select(m => m.SegmentIndex).ToList();
        Assert.Equal(indices.Order(), indices);
        var texts = call.Messages.Where(m => m.SegmentText.Length > 0).Select(m => m.SegmentText).ToList();
        Assert.Equal(["Dr. Smith paid $3.50 for tea. ", "\"Is it good?\" she asked.\n\n", "Yes!"], texts);
        Assert.Equal(3, call.Summary.SegmentsTotal);
        Assert.All(call.Messages.Take(call.Messages.Count - 1), m => Assert.Null(m.Summary));
        Assert.True(call.Summary.FirstAudioMs > 0 && call.Summary.FirstAudioMs <= call.Summary.SynthesisMs);
    }

    [Theory]
    [InlineData(AudioEncoding.Linear16, 2)]
    [InlineData(AudioEncoding.Float32, 4)]
    [InlineData(AudioEncoding.Mulaw, 1)]
    [InlineData(AudioEncoding.Alaw, 1)]
    [InlineData(AudioEncoding.Wav, 2)]
    public async Task Synthesize_EveryEncodingAndRate_HasTheRightSizeAndChunksOfAtMost200Ms(AudioEncoding encoding, int bytesPerSample)
    {
        // espeak-ng's output length varies by a few samples from call to call, so sizes are compared loosely
        // here; the exact resampled length is checked in OutputStageTests and the native tests.
        var engineSamples = (await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = Hello })).Audio.Length / 2;
        foreach (var rate in new[] { 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000 })
        {
            var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
            {
                Text = Hello,
                Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate },
            });

            var header = encoding == AudioEncoding.Wav ? 44 : 0;
            var expected = engineSamples * (double)rate / 22050;
            Assert.InRange(call.Summary.AudioSamples, expected * 0.98, expected * 1.02);
            Assert.Equal(header + (call.Summary.AudioSamples * bytesPerSample), call.Audio.Length);
            Assert.All(call.Messages, m => Assert.Equal(rate, m.SampleRateHz));
            var maxChunk = (rate / 5 * bytesPerSample) + header;
            Assert.All(call.Messages, m => Assert.InRange(m.Audio.Length, 0, maxChunk));
        }
    }

    [Fact]
    public async Task Synthesize_Wav_HasOneRiffHeaderDescribingMonoPcm16()
    {
        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = "One. Two. Three.",
            Format = new AudioFormat { Encoding = AudioEncoding.Wav, SampleRateHz = 16000 },
        });

        var wav = call.Audio;
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
        Assert.Equal("fmt "u8.ToArray(), wav[12..16]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(22))); // mono
        Assert.Equal(16000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(32000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal("data"u8.ToArray(), wav[36..40]);
        Assert.StartsWith("RIFF", System.Text.Encoding.ASCII.GetString(call.Messages[0].Audio.Span[..4]));
        Assert.All(call.Messages.Skip(1), m => Assert.NotEqual("RIFF"u8.ToArray(), m.Audio.Span[..Math.Min(4, m.Audio.Length)].ToArray()));
        Assert.Equal((wav.Length - 44) / 2, call.Summary.AudioSamples);
    }

    [Fact]
    public async Task Synthesize_DoubleSpeed_HalvesTheDurationAndQuarterSpeedQuadruplesIt()
    {
        const string text = "The quick brown fox jumps over the lazy dog near the river bank.";
        var normal = (await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text })).Audio.Length;
        var fast = (await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, Speed = 2 })).Audio.Length;
        var slow = (await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, Speed = 0.25f })).Audio.Length;

        Assert.InRange((double)fast / normal, 0.4, 0.65);
        Assert.InRange((double)slow / normal, 3.0, 5.0);
    }

    [Fact]
    public async Task Synthesize_PitchShift_MovesTheFundamentalUpAndDown()
    {
        const string text = "Hello there, how are you today? I am very well, thank you.";
        async Task<double> F0(float semitones) => AudioAnalysis.MedianF0(
            AudioAnalysis.Pcm16((await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text, PitchSemitones = semitones })).Audio), 22050);

        var low = await F0(-12);
        var normal = await F0(0);
        var high = await F0(12);

        Assert.InRange(high / normal, 1.4, 2.3);
        Assert.InRange(low / normal, 0.45, 0.85);
    }

    [Fact]
    public async Task Synthesize_ClientCancels_ServerKeepsServing()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var longText = string.Join(" ", Enumerable.Repeat("This sentence is here to make the text long.", 40));
        using (var call = _client.Synthesize(new SynthesizeRequest { Text = longText }, cancellationToken: cancel.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            await cancel.CancelAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cancel.Token));
            Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        }

        var after = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = "Still here." });
        Assert.NotEmpty(after.Audio);
    }
}
