using System.Runtime.InteropServices;
using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Kokoro voices on the real server through ONNX Runtime, with a stand-in model of Kokoro's interface that gives
/// back the ids, speed and style row it was sent (tools/models/kokoro_model.py), and stand-in voice packs.
/// </summary>
public sealed class KokoroVoicesTests(KokoroVoicesTests.KokoroServer kokoro) : IClassFixture<KokoroVoicesTests.KokoroServer>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(kokoro.Server.Channel);

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

    private static short[] Pcm(SynthesisCall call) => MemoryMarshal.Cast<byte, short>(call.Audio).ToArray();

    private Task<SynthesisCall> SynthesizeAsync(string voice, string text, float speed = 0) =>
        SynthesisCall.RunAsync(_client, new SynthesizeRequest
        {
            Text = text,
            Voice = voice,
            Speed = speed,
            CacheMode = CacheMode.Bypass,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

    /// <summary>A server with a v1 stand-in model, raw packs for af_bella, af_sky and jf_alpha, and an npz bundle with bf_emma.</summary>
    public sealed class KokoroServer : IAsyncLifetime
    {
        private readonly TempDirectory _directory = new();

        private readonly int _metricsPort = Scrape.FreePort();

        public ServerFixture Server { get; private set; } = null!;

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
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            _directory.Dispose();
        }
    }
}
