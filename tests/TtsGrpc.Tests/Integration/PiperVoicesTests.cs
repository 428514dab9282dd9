using System.Runtime.InteropServices;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Piper voices on the real server, through ONNX Runtime, with stand-in models that have Piper's interface and
/// give back in their audio what the engine sent them (tools/models/piper_voice.py): the ids, the scales, the speaker;
/// and word timestamps from the alignment output (w_ceil) of a stand-in that has it.
/// </summary>
public sealed class PiperVoicesTests(PiperVoicesTests.PiperServer piper) : IClassFixture<PiperVoicesTests.PiperServer>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(piper.Server.Channel);

    [Fact]
    public async Task ListVoices_StandInVoices_ListedWithLanguageQualityRateAndSpeakers()
    {
        var voices = (await _client.ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token)).Voices;

        var single = Assert.Single(voices, v => v.Id == "piper:en_US-single-low");
        Assert.Equal(("piper", "low", 16000, "en-US", ""), (single.Engine, single.Quality, single.SampleRateHz, single.Language, single.UnavailableReason));
        Assert.Empty(single.Speakers);
        var multi = Assert.Single(voices, v => v.Id == "piper:en_US-multi-medium");
        Assert.Equal(("medium", 22050), (multi.Quality, multi.SampleRateHz));
        Assert.Equal(["alice", "bob", "carol"], multi.Speakers);
        Assert.Contains(voices, v => v.Id == "espeak:en-us"); // espeak still there, beside them
    }

    [Fact]
    public async Task Synthesize_PiperVoice_ModelGetsBosPadsAndEosWithTheConfigScales()
    {
        var call = await SynthesizeAsync("piper:en_US-single-low", "Hello world.");

        var sent = PiperStandIns.Decode(Pcm(call));
        Assert.Equal(16000, call.Messages[0].SampleRateHz);
        Assert.Equal([1, 0], sent.Ids[..2]);
        Assert.Equal([0, 2], sent.Ids[^2..]);
        Assert.All(Enumerable.Range(0, sent.Ids.Length).Where(i => i % 2 == 1), i => Assert.Equal(0, sent.Ids[i]));
        Assert.True(sent.Ids.Length > 9, $"only {sent.Ids.Length} ids for two words");
        Assert.Equal(sent.Ids.Length, sent.Length);
        Assert.Null(sent.Speaker); // a single-speaker voice gets no sid
        Assert.Equal(0.667, sent.NoiseScale, 2);
        Assert.Equal(1.0, sent.LengthScale, 2);
        Assert.Equal(0.8, sent.NoiseW, 2);
    }

    [Fact]
    public async Task Synthesize_QuestionAndStatement_EndWithTheirPunctuationIds()
    {
        var question = PiperStandIns.Decode(Pcm(await SynthesizeAsync("piper:en_US-single-low", "Is it here?")));
        var statement = PiperStandIns.Decode(Pcm(await SynthesizeAsync("piper:en_US-single-low", "It is here.")));

        Assert.Equal(13, question.Ids[^3]); // '?' then the pad and '$'
        Assert.Equal(10, statement.Ids[^3]); // '.'
    }

    [Fact]
    public async Task Synthesize_HalfSpeed_DoublesTheDuration()
    {
        var normal = PiperStandIns.Decode(Pcm(await SynthesizeAsync("piper:en_US-single-low", "A slower sentence.")));
        var slow = await SynthesizeAsync("piper:en_US-single-low", "A slower sentence.", speed: 0.5f);

        var sent = PiperStandIns.Decode(Pcm(slow));
        Assert.Equal(2.0, sent.LengthScale, 2);
        Assert.Equal(normal.Ids, sent.Ids);
        Assert.Equal(2 * (PiperStandIns.ExpectedSamples(normal.Ids.Length, 1) - PiperStandIns.Hop), Pcm(slow).Length - PiperStandIns.Hop);
    }

    [Theory]
    [InlineData("piper:en_US-multi-medium/bob", 1)]
    [InlineData("piper:en_US-multi-medium/Carol", 2)]
    [InlineData("piper:en_US-multi-medium/0", 0)]
    [InlineData("piper:en_US-multi-medium", 2)] // the config's default_speaker_id
    public async Task Synthesize_SpeakerByNameOrNumber_ModelGetsThatSid(string voice, int sid)
    {
        var sent = PiperStandIns.Decode(Pcm(await SynthesizeAsync(voice, "Which speaker is this?")));

        Assert.Equal(sid, sent.Speaker);
    }

    [Fact]
    public async Task Synthesize_UnknownSpeaker_NotFoundListingTheSpeakers()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesizeAsync("piper:en_US-multi-medium/dave", "Hello."));

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("alice, bob, carol", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synthesize_OtherRate_ResampledOnTheWayOut()
    {
        var call = await SynthesizeAsync("piper:en_US-single-low", "Resampled on the way out.", rate: 48000);
        var native = await SynthesizeAsync("piper:en_US-single-low", "Resampled on the way out.");

        Assert.Equal(48000, call.Messages[0].SampleRateHz);
        Assert.InRange(Pcm(call).Length, (Pcm(native).Length * 3) - 8, (Pcm(native).Length * 3) + 8);
    }

    [Fact]
    public async Task Synthesize_SecondCall_HitsTheCache_ReplacedModel_Misses()
    {
        using var directory = new TempDirectory();
        var voices = Path.Combine(directory.Path, "voices");
        Directory.CreateDirectory(voices);
        PiperStandIns.Write(voices, "en_US-swap-medium");
        await using var server = await ServerFixture.StartAsync(Path.Combine(directory.Path, "data"), $"--Tts:Engines:Piper:VoicesDirectory={voices}");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var request = new SynthesizeRequest { Text = "Cached once.", Voice = "piper:en_US-swap-medium" };

        var first = await SynthesisCall.RunAsync(client, request);
        var second = await SynthesisCall.RunAsync(client, request);
        PiperStandIns.Write(voices, "en_US-swap-medium", alignment: true); // same name, other bytes
        var replaced = await SynthesisCall.RunAsync(client, request);

        Assert.Equal((0, 1, 0), (first.Summary.SegmentsCached, second.Summary.SegmentsCached, replaced.Summary.SegmentsCached));
        Assert.Equal(first.Audio, second.Audio);
    }

    [Fact]
    public async Task CreateVoice_OnAPiperBaseVoice_SpeaksAtThatVoicesRate()
    {
        var created = await VoiceUploads.CreateAsync(piper.Server.Channel, VoiceUploads.Reference, name: "on piper", baseVoice: "piper:en_US-multi-medium/bob");
        var call = await SynthesizeAsync(created.Id, "A created voice on a Piper voice.");

        Assert.Equal("piper:en_US-multi-medium/bob", created.BaseVoice);
        Assert.Equal(22050, call.Messages[0].SampleRateHz);
        Assert.True(Pcm(call).Length > PiperStandIns.Hop * 10, $"{Pcm(call).Length} samples");
    }

    [Fact]
    public async Task CreateVoice_UnknownBaseVoice_NotFound()
    {
        var refused = await VoiceUploads.RefusedAsync(
            piper.Server.Channel, new CreateVoiceRequest { Config = new VoiceConfig { Name = "x", BaseVoice = "piper:nope" } });

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task Synthesize_Exaggeration_RefusedForAPiperVoice()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesizeAsync("piper:en_US-single-low", "Hi.", exaggeration: 0.7f));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("created voice", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteVoice_PiperVoice_InvalidArgumentSayingHowToRemoveIt()
    {
        var voices = new Voices.VoicesClient(piper.Server.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await voices.DeleteVoiceAsync(new DeleteVoiceRequest { Id = "piper:en_US-single-low" }, cancellationToken: Token));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("remove its .onnx and .onnx.json from the voices directory", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(piper.VoicesDirectory, "en_US-single-low.onnx")));
    }

    [Fact]
    public async Task Synthesize_AlignedVoiceWithWordTimestamps_EveryWordOfEveryClauseOverExactlyTheFramesOfItsPhonemes()
    {
        const string text = "Hello, world: in 1990; the U.S.A. grew!";

        var call = await SynthesizeAsync(Aligned, text, words: true);

        var words = Words(call);
        var pcm = Pcm(call);
        var sent = PiperStandIns.Decode(pcm);
        Assert.Equal(["Hello", "world", "in", "1990", "the", "U.S.A", "grew"], words.Select(w => w.Word));
        var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        Assert.All(words, w => Assert.Equal(w.Word, string.Concat(codePoints.Skip(w.TextOffset).Take(w.TextLength))));
        Assert.Empty(call.Summary.WordTimestampsUnavailable);

        // Phoneme p is column 2 + 2p, its pad the next: a word spans its phonemes' columns and the pad after each.
        var phonemeWords = PhonemeWordColumns(sent.Ids);
        Assert.Equal(8, phonemeWords.Count); // espeak-ng reads 1990 "nineteen-hundred ninety"
        var next = 0;
        foreach (var (word, count) in words.Zip([1, 1, 1, 2, 1, 1, 1]))
        {
            var (first, end) = (phonemeWords[next].First, phonemeWords[next + count - 1].End);
            next += count;
            Assert.Equal(PiperStandIns.ColumnStart(first, sent.FramesPerId), Sample(word.StartMs, 22050));
            Assert.Equal(PiperStandIns.ColumnStart(end, sent.FramesPerId), Sample(word.EndMs, 22050));
            Assert.Equal(sent.Ids[first], IdAt(pcm, Sample(word.StartMs, 22050)));
            Assert.Equal(PiperIdMap.Pad, IdAt(pcm, Sample(word.EndMs, 22050) - 1));
        }
    }

    [Fact]
    public async Task Synthesize_AlignedVoiceAtHalfSpeed_WordTimesAfterTheHeaderDouble()
    {
        const string text = "Slowly, the 12 words come.";

        var normal = Words(await SynthesizeAsync(Aligned, text, words: true));
        var slow = Words(await SynthesizeAsync(Aligned, text, speed: 0.5f, words: true));

        // The stand-in's 256-sample header keeps its length; every frame after it doubles.
        const double header = 256 * 1000.0 / 22050;
        Assert.Equal(5, slow.Count);
        Assert.Equal(normal.Select(w => w.Word), slow.Select(w => w.Word));
        Assert.All(normal.Zip(slow), p =>
        {
            Assert.Equal(2 * (p.First.StartMs - header), p.Second.StartMs - header, 6);
            Assert.Equal(2 * (p.First.EndMs - header), p.Second.EndMs - header, 6);
        });
    }

    [Fact]
    public async Task Synthesize_AlignedVoicePitchShifted_WordTimesStayWithinTheAudio()
    {
        var plain = Words(await SynthesizeAsync(Aligned, "A higher voice.", words: true));
        var higher = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = "A higher voice.", Voice = Aligned, PitchSemitones = -4, EnableWordTimestamps = true, CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

        var shifted = Words(higher);
        Assert.Equal(plain.Select(w => w.Word), shifted.Select(w => w.Word));
        Assert.All(plain.Zip(shifted), p => Assert.Equal(p.First.StartMs, p.Second.StartMs, 2.0));
        Assert.True(Sample(shifted[^1].EndMs, 22050) <= Pcm(higher).Length);
    }

    [Fact]
    public async Task Synthesize_VoiceWithoutAlignmentOutput_NoWordsAndTheSummarySaysHowToPatchIt()
    {
        var call = await SynthesizeAsync("piper:en_US-single-low", "No alignment here.", words: true);

        Assert.Empty(Words(call));
        Assert.Contains("en_US-single-low.onnx has no alignment output", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
        Assert.Contains("patch_voice_with_alignment.py", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
    }

    private const string Aligned = "piper:en_US-aligned-medium";

    private static short[] Pcm(SynthesisCall call) => MemoryMarshal.Cast<byte, short>(call.Audio).ToArray();

    private static List<WordTimestamp> Words(SynthesisCall call) => [.. call.Messages.SelectMany(m => m.Words)];

    private static int Sample(double ms, int rate) => (int)Math.Round(ms * rate / 1000);

    /// <summary>The id a stand-in's sample says (peak-normalised id/1024).</summary>
    private static long IdAt(short[] pcm, int sample) => (long)Math.Round(pcm[sample] * 1024 / 32767.0);

    /// <summary>
    /// The phoneme words of Piper ids (^ _ then each phoneme and a pad, then $): columns [First, End) from a word's
    /// first phoneme to past its last one's pad, between spaces, without punctuation at their ends.
    /// </summary>
    private static List<(int First, int End)> PhonemeWordColumns(long[] ids)
    {
        static bool Punctuation(long id) => id is >= PiperIdMap.Exclamation and <= PiperIdMap.Question;
        var words = new List<(int, int)>();
        var phonemes = Enumerable.Range(0, (ids.Length - 3) / 2).Select(p => 2 + (2 * p)).ToList();
        var i = 0;
        while (i < phonemes.Count)
        {
            if (ids[phonemes[i]] == PiperIdMap.Space)
            {
                i++;
                continue;
            }

            var (first, end) = (i, i);
            while (end < phonemes.Count && ids[phonemes[end]] != PiperIdMap.Space)
            {
                end++;
            }

            i = end;
            while (first < end && Punctuation(ids[phonemes[first]]))
            {
                first++;
            }

            while (end > first && Punctuation(ids[phonemes[end - 1]]))
            {
                end--;
            }

            if (first < end)
            {
                words.Add((phonemes[first], phonemes[end - 1] + 2));
            }
        }

        return words;
    }

    private Task<SynthesisCall> SynthesizeAsync(string voice, string text, float speed = 0, int rate = 0, float exaggeration = 0, bool words = false) =>
        SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = text,
            Voice = voice,
            Speed = speed,
            Exaggeration = exaggeration,
            EnableWordTimestamps = words,
            CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHz = rate },
        });

    /// <summary>
    /// A server over a voices directory with a single-speaker 16 kHz voice, a three-speaker 22.05 kHz one, and a
    /// 22.05 kHz one with the alignment output.
    /// </summary>
    public sealed class PiperServer : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        public ServerFixture Server { get; private set; } = null!;

        public string VoicesDirectory => Path.Combine(_directory.Path, "voices");

        public async ValueTask InitializeAsync()
        {
            Directory.CreateDirectory(VoicesDirectory);
            PiperStandIns.Write(VoicesDirectory, "en_US-single-low", sampleRate: 16000, quality: "low");
            PiperStandIns.Write(VoicesDirectory, "en_US-multi-medium", speakers: ["alice", "bob", "carol"], defaultSpeaker: 2);
            PiperStandIns.Write(VoicesDirectory, "en_US-aligned-medium", alignment: true);
            Server = await ServerFixture.StartAsync(Path.Combine(_directory.Path, "data"), $"--Tts:Engines:Piper:VoicesDirectory={VoicesDirectory}");
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }
}
