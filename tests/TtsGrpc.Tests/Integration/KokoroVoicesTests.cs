using System.Runtime.InteropServices;
using Grpc.Core;
using TtsGrpc.Core.Engines.Kokoro;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Kokoro voices on the real server through ONNX Runtime, with a stand-in model of Kokoro's interface that gives
/// back the ids, speed and style row it was sent (tools/models/kokoro_model.py), and stand-in voice packs; word
/// timestamps from the duration output of the hf export's stand-in, whose frames per id say where each id's audio is.
/// </summary>
public sealed class KokoroVoicesTests(KokoroVoicesTests.KokoroServer kokoro) : IClassFixture<KokoroVoicesTests.KokoroServer>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(kokoro.Server.Channel);

    private readonly TextToSpeech.TextToSpeechClient _hf = new(kokoro.Hf.Channel);

    [Fact]
    public async Task ListVoices_Packs_ListedAsKokoroVoicesAt24kHz()
    {
        var voices = (await _client.ListVoicesAsync(new ListVoicesRequest { Engine = "kokoro" }, cancellationToken: Token)).Voices;

        var bella = Assert.Single(voices, v => v.Id == "kokoro:af_bella");
        Assert.Equal((24000, "en-us", "female"), (bella.SampleRateHz, bella.Language, bella.Gender));
        Assert.Contains(voices, v => v.Id == "kokoro:bf_emma"); // from the npz bundle
    }

    [Fact]
    public async Task Synthesize_KokoroVoice_ModelGetsPadsAroundVocabIdsAndThePacksRowForTheirCount()
    {
        var sent = KokoroStandIns.Decode(Pcm(await SynthesizeAsync("kokoro:af_bella", "Hello world.")));

        Assert.Equal(0, sent.Ids[0]);
        Assert.Equal(0, sent.Ids[^1]);
        Assert.All(sent.Ids[1..^1], id => Assert.InRange(id, 1, 177));
        Assert.Equal(4, sent.Ids[^2]); // '.'
        Assert.Equal(1.0, sent.Speed, 3);
        Assert.Equal(sent.Ids.Length - 2, Math.Round(sent.PackRow)); // row = id count without the pads
        Assert.Equal(1.0, sent.VoiceCode, 2); // af_bella is the first pack written
    }

    [Fact]
    public async Task Synthesize_HalfSpeed_DoublesTheDuration()
    {
        var normal = KokoroStandIns.Decode(Pcm(await SynthesizeAsync("kokoro:af_bella", "Slowly now.")));
        var slow = KokoroStandIns.Decode(Pcm(await SynthesizeAsync("kokoro:af_bella", "Slowly now.", speed: 0.5f)));

        Assert.Equal(0.5, slow.Speed, 3);
        Assert.Equal(2 * normal.FramesPerId, slow.FramesPerId);
        Assert.Equal(normal.Ids, slow.Ids);
    }

    [Fact]
    public async Task Synthesize_Blend_ModelGetsTheWeightedMeanOfThePacks()
    {
        var sent = KokoroStandIns.Decode(Pcm(await SynthesizeAsync("kokoro:af_bella(3)+af_sky(1)", "A blended voice.")));

        Assert.Equal((0.75 * 1) + (0.25 * 2), sent.VoiceCode, 2);
        Assert.Equal(sent.Ids.Length - 2, Math.Round(sent.PackRow));
    }

    [Fact]
    public async Task Synthesize_LongSentenceWithoutPunctuation_SynthesizesInRunsOfAtMost510Ids()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? "tree" : "river"))[..1500];

        var call = await SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = words, Voice = "kokoro:af_sky", CacheMode = CacheMode.Bypass, Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

        Assert.True(call.Summary.AudioSamples > 24000 * 10, $"{call.Summary.AudioSamples} samples for 1,500 characters");
    }

    [Theory]
    [InlineData("kokoro:af_nobody", StatusCode.NotFound, "does not exist")]
    [InlineData("kokoro:jf_alpha", StatusCode.FailedPrecondition, "misaki")]
    [InlineData("kokoro:af_bella(0)+af_sky", StatusCode.InvalidArgument, "weight")]
    public async Task Synthesize_VoiceThatCannotSpeak_StatusSayingWhy(string voice, StatusCode code, string words)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesizeAsync(voice, "Hello."));

        Assert.Equal(code, refused.StatusCode);
        Assert.Contains(words, refused.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Synthesize_OtherExportWithItsOwnVocabAndAnIntegerSpeed_SpeedIsNeverTruncated()
    {
        using var directory = new TempDirectory();
        var model = Path.Combine(directory.Path, "model");
        Directory.CreateDirectory(model);
        var onnx = KokoroStandIns.Write(model, "kokoro-hf", KokoroSignature.Hf, int32Speed: true, embedConfig: true);
        File.Delete(Path.Combine(model, "config.json")); // the vocabulary must come from the model's kokoro_config
        KokoroStandIns.WriteVoices(model, ["af_bella"], raw: true, npz: null);
        await using var server = await ServerFixture.StartAsync(Path.Combine(directory.Path, "data"), $"--Tts:Engines:Kokoro:ModelPath={onnx}");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        SynthesizeRequest Request(float speed) => new()
        {
            Text = "An integer speed.", Voice = "kokoro:af_bella", Speed = speed, CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        };

        var normal = await SynthesisCall.RunAsync(client, Request(1));
        var twice = KokoroStandIns.Decode(Pcm(await SynthesisCall.RunAsync(client, Request(2))));
        var slower = await SynthesisCall.RunAsync(client, Request(0.5f));

        Assert.Equal(1.0, KokoroStandIns.Decode(Pcm(normal)).Speed, 3);
        Assert.Equal(2.0, twice.Speed, 3); // a whole speed goes to the model
        Assert.InRange(slower.Summary.AudioSamples, normal.Summary.AudioSamples * 1.9, normal.Summary.AudioSamples * 2.1); // 0.5 is stretched, not sent as 0
    }

    [Fact]
    public async Task PreloadVoices_KokoroPacks_PinnedAndAnUnknownOneNamedMissing()
    {
        var voices = new Voices.VoicesClient(kokoro.Server.Channel);

        var preloaded = await voices.PreloadVoicesAsync(
            new PreloadVoicesRequest { Ids = { "kokoro:af_sky", "kokoro:af_bella(1)+bf_emma(1)", "kokoro:af_nobody" } }, cancellationToken: Token);

        Assert.Equal(2, preloaded.Loaded);
        Assert.Equal(["kokoro:af_nobody"], preloaded.Missing);
    }

    [Fact]
    public async Task ValidateCache_StoredPacks_ScannedAndNoneCorrupt()
    {
        var admin = new CacheAdmin.CacheAdminClient(kokoro.Server.Channel);

        var report = await admin.ValidateCacheAsync(new ValidateCacheRequest(), cancellationToken: Token);

        Assert.True(report.EmbeddingsScanned >= 4, $"{report.EmbeddingsScanned} packs scanned; four distinct ones were imported");
        Assert.Equal(0, report.EmbeddingsCorrupt);
    }

    [Fact]
    public async Task GetCacheStats_AfterABlend_ReportsPacksBesideTheOtherVoices()
    {
        var admin = new CacheAdmin.CacheAdminClient(kokoro.Server.Channel);
        await SynthesizeAsync("kokoro:af_sky(1)+bf_emma(3)", "Counting packs.");

        var packs = (await admin.GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token)).VoicePacks;

        Assert.NotNull(packs);
        Assert.Equal(7, packs.Voices); // jf_alpha is listed too: only speaking it is refused
        Assert.True(packs.BlendsComputed >= 1, packs.ToString());
        Assert.True(packs.InMemory >= 3, packs.ToString()); // the blend and its two parts at least
        Assert.True(packs.MemoryBytes >= packs.InMemory * 510 * 256 * sizeof(float), packs.ToString());
        Assert.True(packs.Stored >= 5, packs.ToString()); // four distinct packs and the blend
        Assert.Equal(0, packs.Corrupt);
    }

    [Fact]
    public async Task Scrape_AfterABlend_KokoroPackFiguresExported()
    {
        using var http = new HttpClient();
        await SynthesizeAsync("kokoro:af_bella(1)+af_sky(2)", "Counting blends.");

        var scrape = await Scrape.ReadAsync(http, kokoro.MetricsUrl, Token);

        Assert.True(scrape.Value("tts_kokoro_blends_computed_total") >= 1, scrape.Text);
        Assert.True(scrape.Value("tts_kokoro_packs_in_memory") >= 3, scrape.Text);
        Assert.True(scrape.Value("tts_kokoro_pack_memory_bytes") > 0, scrape.Text);
        Assert.True(scrape.Value("tts_kokoro_pack_loads_total", ("source", "store")) >= 1, scrape.Text);
        Assert.Equal(0, scrape.Value("tts_kokoro_packs_corrupt_total"));
    }

    [Fact]
    public async Task CreateVoice_OnAKokoroBlend_SpeaksAt24kHzWithTheBlendsStyle()
    {
        const string blend = "kokoro:af_bella(1)+af_sky(1)";
        var created = await VoiceUploads.CreateAsync(kokoro.Server.Channel, VoiceUploads.Reference, name: "on kokoro", baseVoice: blend);
        var call = await SynthesizeAsync(created.Id, "A created voice on a Kokoro blend.");
        var bare = await SynthesizeAsync(blend, "A created voice on a Kokoro blend.");

        Assert.Equal(blend, created.BaseVoice);
        Assert.Equal(24000, call.Messages[0].SampleRateHz);
        Assert.InRange(Pcm(call).Length, Pcm(bare).Length * 0.9, Pcm(bare).Length * 1.1);
        Assert.NotEqual(Pcm(bare), Pcm(call)); // the created voice's conditioning changed the audio
    }

    [Fact]
    public async Task Synthesize_HfExportWithWordTimestamps_EveryWordInOrderOverExactlyTheFramesOfItsIds()
    {
        const string text = "Hello, world: in 1990 the U.S.A. grew.";

        var call = await SynthesizeAsync(_hf, "kokoro:af_bella", text, words: true);

        var words = Words(call);
        var pcm = Pcm(call);
        var sent = KokoroStandIns.Decode(pcm);
        Assert.Equal(["Hello", "world", "in", "1990", "the", "U.S.A", "grew"], words.Select(w => w.Word));
        var codePoints = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        Assert.All(words, w => Assert.Equal(w.Word, string.Concat(codePoints.Skip(w.TextOffset).Take(w.TextLength))));
        Assert.Empty(call.Summary.WordTimestampsUnavailable);

        // The phoneme words of the ids sent, three of them for 1990 ("nineteen hundred ninety"); each text word spans
        // its phoneme words' columns, from the first sample of the first to the last of the last.
        var columns = PhonemeWordColumns(sent.Ids);
        Assert.Equal(9, columns.Count);
        var next = 0;
        foreach (var (word, count) in words.Zip([1, 1, 1, 3, 1, 1, 1]))
        {
            var (first, end) = (columns[next].First, columns[next + count - 1].End);
            next += count;
            Assert.Equal(KokoroStandIns.ColumnStart(first, sent.FramesPerId), Sample(word.StartMs));
            Assert.Equal(KokoroStandIns.ColumnStart(end, sent.FramesPerId), Sample(word.EndMs));
            Assert.Equal(sent.Ids[first], IdAt(pcm, Sample(word.StartMs)));
            Assert.Equal(sent.Ids[end - 1], IdAt(pcm, Sample(word.EndMs) - 1));
        }
    }

    [Fact]
    public async Task Synthesize_HfExportAtHalfSpeed_WordTimesAfterTheHeaderDouble()
    {
        const string text = "Slowly, the 12 words come.";

        var normal = Words(await SynthesizeAsync(_hf, "kokoro:af_sky", text, words: true));
        var slow = Words(await SynthesizeAsync(_hf, "kokoro:af_sky", text, speed: 0.5f, words: true));

        // The stand-in's 600-sample header (25 ms) keeps its length; every frame after it doubles.
        const double header = 25;
        Assert.Equal(normal.Select(w => w.Word), slow.Select(w => w.Word));
        Assert.Equal(5, slow.Count);
        Assert.All(normal.Zip(slow), p =>
        {
            Assert.Equal(2 * (p.First.StartMs - header), p.Second.StartMs - header, 6);
            Assert.Equal(2 * (p.First.EndMs - header), p.Second.EndMs - header, 6);
        });
    }

    [Fact]
    public async Task Synthesize_KokoroOnnxExportWithWordTimestamps_NoWordsAndTheSummarySaysItHasNoDurations()
    {
        var call = await SynthesizeAsync("kokoro:af_bella", "No durations here.", words: true);

        Assert.Empty(Words(call));
        Assert.Contains("kokoro-v1.0.onnx", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
        Assert.Contains("without a duration output", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
        Assert.Contains("onnx-community", call.Summary.WordTimestampsUnavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synthesize_LongUnpunctuatedSentenceInPieces_EachWordOverItsIdsInItsPiece()
    {
        // Sixty years in one segment of 299 characters: some 1,700 ids, so several runs of at most 510, each with its header.
        var years = Enumerable.Range(1950, 60).Select(y => $"{y}").ToList();
        var text = string.Join(' ', years);

        var call = await SynthesizeAsync(_hf, "kokoro:af_sky", text, words: true);

        var words = Words(call);
        var pcm = Pcm(call);
        Assert.Equal(1, call.Summary.SegmentsTotal);
        Assert.Equal(years, words.Select(w => w.Word));
        Assert.Equal(years.Select((_, i) => i * 5), words.Select(w => w.TextOffset));
        for (var i = 0; i < words.Count; i++)
        {
            Assert.True(words[i].StartMs < words[i].EndMs, $"{words[i]}");
            if (i > 0)
            {
                Assert.True(words[i].StartMs >= words[i - 1].EndMs, $"{words[i]} starts before {words[i - 1]} ends");
            }
        }

        Assert.True(Sample(words[^1].EndMs) <= pcm.Length, $"{words[^1]} ends after the audio ({pcm.Length} samples)");

        // The runs, each decoded, give the phoneme words in order: each year's as many as it makes alone.
        var runs = Runs(pcm);
        Assert.InRange(runs.Count, 3, 20);
        var spoken = new List<(int Start, int End)>();
        foreach (var (start, end) in runs)
        {
            var sent = KokoroStandIns.Decode(pcm[start..end]);
            Assert.InRange(sent.Ids.Length, 3, 512);
            spoken.AddRange(PhonemeWordColumns(sent.Ids).Select(c =>
                (start + KokoroStandIns.ColumnStart(c.First, sent.FramesPerId), start + KokoroStandIns.ColumnStart(c.End, sent.FramesPerId))));
        }

        var next = 0;
        foreach (var word in words)
        {
            var phonemes = await KokoroPhonemizer.PhonemizeAsync(word.Word, "en-us", 'a', Token);
            var count = phonemes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            Assert.Equal((spoken[next].Start, spoken[next + count - 1].End), (Sample(word.StartMs), Sample(word.EndMs)));
            next += count;
        }

        Assert.Equal(spoken.Count, next);
    }

    [Fact]
    public async Task Synthesize_IntegerSpeedExportStretchedByLibsonic_WordTimesStretchWithTheAudio()
    {
        using var directory = new TempDirectory();
        var model = Path.Combine(directory.Path, "model");
        Directory.CreateDirectory(model);
        var onnx = KokoroStandIns.Write(model, "kokoro-int32", KokoroSignature.Hf, int32Speed: true);
        KokoroStandIns.WriteVoices(model, ["af_bella"], raw: true, npz: null);
        await using var server = await ServerFixture.StartAsync(Path.Combine(directory.Path, "data"), $"--Tts:Engines:Kokoro:ModelPath={onnx}");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        const string text = "Stretched words keep their places.";

        var normal = await SynthesizeAsync(client, "kokoro:af_bella", text, words: true);
        var slower = await SynthesizeAsync(client, "kokoro:af_bella", text, speed: 0.5f, words: true);

        var (before, after) = (Words(normal), Words(slower));
        var scale = (double)Pcm(slower).Length / Pcm(normal).Length;
        Assert.InRange(scale, 1.9, 2.1);
        Assert.Equal(5, after.Count);
        Assert.Equal(before.Select(w => w.Word), after.Select(w => w.Word));
        Assert.All(before.Zip(after), p =>
        {
            Assert.Equal(p.First.StartMs * scale, p.Second.StartMs, 0.05);
            Assert.Equal(p.First.EndMs * scale, p.Second.EndMs, 0.05);
        });
        Assert.True(Sample(after[^1].EndMs) <= Pcm(slower).Length);
    }

    [Fact]
    public async Task Synthesize_HfExportPitchShifted_WordTimesStayWhereTheyWere()
    {
        const string text = "A higher voice.";

        var plain = Words(await SynthesizeAsync(_hf, "kokoro:af_bella", text, words: true));
        var higher = await SynthesisCall.RunAsync(_hf, new SynthesizeRequest
        {
            Text = text, Voice = "kokoro:af_bella", PitchSemitones = 3, EnableWordTimestamps = true, CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

        var shifted = Words(higher);
        Assert.Equal(plain.Select(w => w.Word), shifted.Select(w => w.Word));
        Assert.All(plain.Zip(shifted), p =>
        {
            Assert.Equal(p.First.StartMs, p.Second.StartMs, 2.0); // libsonic keeps the length to within a few samples
            Assert.Equal(p.First.EndMs, p.Second.EndMs, 2.0);
        });
        Assert.True(Sample(shifted[^1].EndMs) <= Pcm(higher).Length);
    }

    private static short[] Pcm(SynthesisCall call) => MemoryMarshal.Cast<byte, short>(call.Audio).ToArray();

    private static List<WordTimestamp> Words(SynthesisCall call) => [.. call.Messages.SelectMany(m => m.Words)];

    /// <summary>A 24 kHz sample from a time in milliseconds.</summary>
    private static int Sample(double ms) => (int)Math.Round(ms * 24);

    /// <summary>The id a stand-in's sample says (id/1024, as PCM16).</summary>
    private static long IdAt(short[] pcm, int sample) => (long)Math.Round(pcm[sample] * 1024 / 32767.0);

    /// <summary>
    /// The phoneme words of ids sent (pads included): columns [First, End) between spaces (16), without the
    /// punctuation ids (1-15) at their ends.
    /// </summary>
    private static List<(int First, int End)> PhonemeWordColumns(long[] ids)
    {
        static bool Punctuation(long id) => id is >= 1 and <= 15;
        var words = new List<(int, int)>();
        var i = 1;
        while (i < ids.Length - 1)
        {
            if (ids[i] == 16)
            {
                i++;
                continue;
            }

            var (first, end) = (i, i);
            while (end < ids.Length - 1 && ids[end] != 16)
            {
                end++;
            }

            i = end;
            while (first < end && Punctuation(ids[first]))
            {
                first++;
            }

            while (end > first && Punctuation(ids[end - 1]))
            {
                end--;
            }

            if (first < end)
            {
                words.Add((first, end));
            }
        }

        return words;
    }

    /// <summary>
    /// Where each run of a segment cut into pieces is in its audio: a run starts on a 600-sample frame with a header
    /// (s[1] = speed/16 at speed 1, samples 258-599 zero) right after the pad that ended the one before.
    /// </summary>
    private static List<(int Start, int End)> Runs(short[] pcm)
    {
        var starts = new List<int>();
        for (var p = 0; p + KokoroStandIns.Frame <= pcm.Length; p += KokoroStandIns.Frame)
        {
            if ((p == 0 || pcm[p - 1] == 0) && pcm[p + 1] == 2048 && pcm.AsSpan(p + 258, KokoroStandIns.Frame - 258).IndexOfAnyExcept((short)0) < 0)
            {
                starts.Add(p);
            }
        }

        return [.. starts.Select((s, i) => (s, i + 1 < starts.Count ? starts[i + 1] : pcm.Length))];
    }

    private Task<SynthesisCall> SynthesizeAsync(string voice, string text, float speed = 0, bool words = false) =>
        SynthesizeAsync(_client, voice, text, speed, words);

    private static Task<SynthesisCall> SynthesizeAsync(TextToSpeech.TextToSpeechClient client, string voice, string text, float speed = 0, bool words = false) =>
        SynthesisCall.RunAsync(client, new SynthesizeRequest
        {
            Text = text,
            Voice = voice,
            Speed = speed,
            EnableWordTimestamps = words,
            CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

    /// <summary>
    /// A server with a v1 stand-in model, raw packs for af_bella, af_sky and jf_alpha, and an npz bundle with bf_emma;
    /// and <see cref="Hf"/>, one with the hf export's stand-in (float speed, a duration output) and the same packs.
    /// </summary>
    public sealed class KokoroServer : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        private readonly int _metricsPort = Scrape.FreePort();

        public ServerFixture Server { get; private set; } = null!;

        public ServerFixture Hf { get; private set; } = null!;

        public string MetricsUrl => $"http://127.0.0.1:{_metricsPort}/metrics";

        public async ValueTask InitializeAsync()
        {
            var model = Path.Combine(_directory.Path, "model");
            var voices = Path.Combine(_directory.Path, "voices");
            Directory.CreateDirectory(model);
            Directory.CreateDirectory(voices);
            var onnx = KokoroStandIns.Write(model, "kokoro-v1.0");
            KokoroStandIns.WriteVoices(voices, ["af_bella", "af_sky", "jf_alpha"], raw: true, npz: null);
            // Packs are stored by content: the bundle's first three repeat the raw packs' values (same index), bf_emma is a fourth.
            KokoroStandIns.WriteVoices(voices, ["af_heart", "af_nicole", "af_river", "bf_emma"], raw: false, npz: "voices-v1.0.bin");
            Server = await ServerFixture.StartAsync(
                Path.Combine(_directory.Path, "data"), $"--Tts:Engines:Kokoro:ModelPath={onnx}", $"--Tts:Engines:Kokoro:VoicesPath={voices}",
                "--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={_metricsPort}");
            var hf = KokoroStandIns.Write(Path.Combine(_directory.Path, "hf"), "model", KokoroSignature.Hf);
            Hf = await ServerFixture.StartAsync(
                Path.Combine(_directory.Path, "hf-data"), $"--Tts:Engines:Kokoro:ModelPath={hf}", $"--Tts:Engines:Kokoro:VoicesPath={voices}");
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Hf.DisposeAsync();
            _directory.Dispose();
        }
    }
}
