using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Voices;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class VoicesTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly Voices.VoicesClient _voices = new(server.Channel);

    [Fact]
    public async Task CreateVoice_RealSpeech_ReturnsAProfileAndTheSameBytesGiveTheSameVoice()
    {
        var first = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference, name: "Austen reader");
        var again = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference, name: "another name");

        Assert.StartsWith("voice_", first.Id, StringComparison.Ordinal);
        Assert.Equal(first.Id, again.Id);
        Assert.False(first.Builtin);
        Assert.InRange(first.Profile.F0MedianHz, 70, 300);
        Assert.True(first.Profile.F0P10Hz <= first.Profile.F0MedianHz && first.Profile.F0MedianHz <= first.Profile.F0P90Hz);
        Assert.InRange(first.Profile.DurationS, 7.0, 7.2);
        Assert.InRange(first.Profile.LoudnessDbfs, -40, -10);
        var fetched = await _voices.GetVoiceAsync(new GetVoiceRequest { Id = first.Id }, cancellationToken: Token);
        Assert.Equal(first.Profile, fetched.Profile);
        var listed = await new TextToSpeech.TextToSpeechClient(server.Channel).ListVoicesAsync(new ListVoicesRequest(), cancellationToken: Token);
        Assert.Contains(listed.Voices, v => v.Id == first.Id && !v.Builtin);
    }

    [Fact]
    public async Task ListVoices_EngineFilter_KeepsOnlyThatEnginesVoices()
    {
        var made = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference, name: "engine filter");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var espeak = await client.ListVoicesAsync(new ListVoicesRequest { Engine = "espeak" }, cancellationToken: Token);
        var created = await client.ListVoicesAsync(new ListVoicesRequest { Engine = "created" }, cancellationToken: Token);
        var frenchEspeak = await client.ListVoicesAsync(new ListVoicesRequest { Engine = "espeak", Language = "fr" }, cancellationToken: Token);
        var unknown = await client.ListVoicesAsync(new ListVoicesRequest { Engine = "no-such-engine" }, cancellationToken: Token);

        Assert.True(espeak.Voices.Count > 50, $"{espeak.Voices.Count} espeak voices");
        Assert.All(espeak.Voices, v => Assert.StartsWith("espeak:", v.Id, StringComparison.Ordinal));
        Assert.Contains(created.Voices, v => v.Id == made.Id);
        Assert.All(created.Voices, v => Assert.False(v.Builtin));
        Assert.NotEmpty(frenchEspeak.Voices);
        Assert.All(frenchEspeak.Voices, v => Assert.True(
            v.Id.StartsWith("espeak:", StringComparison.Ordinal) && v.Languages.Any(l => l.StartsWith("fr", StringComparison.Ordinal)), v.Id));
        Assert.Empty(unknown.Voices);
    }

    [Fact]
    public async Task CreateVoice_WholeFileInOneMessage_IsTheSameVoiceAsTheChunkedUpload()
    {
        var chunked = await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference);
        using var call = _voices.CreateVoice(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(new CreateVoiceRequest { Config = new VoiceConfig { Name = "one message" } }, Token);
        await call.RequestStream.WriteAsync(new CreateVoiceRequest { Audio = ByteString.CopyFrom(VoiceUploads.Reference) }, Token);
        await call.RequestStream.CompleteAsync();

        var whole = await call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60), Token);

        // The id hashes the bytes the analyser read: equal ids mean the chunks were laid back together exactly.
        Assert.Equal(chunked.Id, whole.Id);
        Assert.Equal(chunked.Profile, whole.Profile);
    }

    public static TheoryData<string> BadUploadNames => [.. BadUploads().Keys];

    private static Dictionary<string, (CreateVoiceRequest[] Messages, StatusCode Code, string Reason)> BadUploads()
    {
        var tone = WavBuilder.Tone(2, 16000);
        var good = WavBuilder.Pcm(tone, 16000);
        CreateVoiceRequest Config() => new() { Config = new VoiceConfig { Name = "bad" } };
        CreateVoiceRequest Audio(byte[] bytes) => new() { Audio = ByteString.CopyFrom(bytes) };
        CreateVoiceRequest[] Chunked(byte[] bytes) => [.. bytes.Chunk(256 * 1024).Select(Audio)];
        byte[] With(int offset, params byte[] bytes)
        {
            var copy = (byte[])good.Clone();
            bytes.CopyTo(copy, offset);
            return copy;
        }

        return new()
        {
            ["audio before config"] = ([Audio(good), Config()], StatusCode.InvalidArgument, "first message"),
            ["config twice"] = ([Config(), Audio(good), Config()], StatusCode.InvalidArgument, "Only the first message"),
            ["no audio"] = ([Config()], StatusCode.InvalidArgument, "No audio"),
            ["not a wav"] = ([Config(), Audio("ID3\u0004 an mp3 file"u8.ToArray())], StatusCode.InvalidArgument, "RIFF/WAVE"),
            ["truncated header"] = ([Config(), Audio(good[..30])], StatusCode.InvalidArgument, "truncated"),
            ["data chunk longer than file"] = ([Config(), Audio(good[..(good.Length / 2)])], StatusCode.InvalidArgument, "truncated"),
            ["zero channels"] = ([Config(), Audio(With(22, 0, 0))], StatusCode.InvalidArgument, "0 channels"),
            ["unsupported codec"] = ([Config(), Audio(With(20, 0x55, 0))], StatusCode.InvalidArgument, "not supported"),
            ["too short"] = ([Config(), Audio(WavBuilder.Pcm(WavBuilder.Tone(0.5, 16000), 16000))], StatusCode.InvalidArgument, "0.50 s"),
            ["too long"] = ([Config(), .. Chunked(WavBuilder.Pcm(WavBuilder.Tone(301, 8000), 8000))], StatusCode.InvalidArgument, "301.00 s"),
            ["rate too high"] = ([Config(), Audio(WavBuilder.Pcm(WavBuilder.Tone(2, 96000), 96000))], StatusCode.InvalidArgument, "96000 Hz"),
            ["silence only"] = ([Config(), Audio(WavBuilder.Pcm(new float[32000], 16000))], StatusCode.InvalidArgument, "silent"),
            ["unknown language"] = ([new() { Config = new VoiceConfig { Name = "x", Language = "tlh" } }, Audio(good)], StatusCode.InvalidArgument, "tlh"),
            ["too big"] = ([Config(), .. Enumerable.Range(0, 32).Select(_ => Audio(new byte[1 << 20]))], StatusCode.ResourceExhausted, "limit"),
            ["no message at all"] = ([], StatusCode.InvalidArgument, "first message"),
            ["two configs first"] = ([Config(), Config(), Audio(good)], StatusCode.InvalidArgument, "Only the first message"),
            ["empty audio messages"] = ([Config(), Audio([]), Audio([])], StatusCode.InvalidArgument, "No audio"),
            ["name too long"] = ([new() { Config = new VoiceConfig { Name = new string('n', 201) } }, Audio(good)], StatusCode.InvalidArgument, "limit is 200"),
            ["huge declared data size"] = ([Config(), Audio(With(40, 0xF0, 0xFF, 0xFF, 0x7F))], StatusCode.InvalidArgument, "2147483632 bytes"),
            ["huge declared fmt size"] = ([Config(), Audio(With(16, 0xF0, 0xFF, 0xFF, 0x7F))], StatusCode.InvalidArgument, "truncated"),
            ["huge declared chunk before fmt"] = ([Config(), Audio(HugeChunkFirst(good))], StatusCode.InvalidArgument, "'LIST' chunk declares 4294967294"),
            ["data before fmt"] = ([Config(), Audio([.. good[..12], .. good[36..]])], StatusCode.InvalidArgument, "before any 'fmt '"),
            ["zero sample rate"] = ([Config(), Audio(With(24, 0, 0, 0, 0))], StatusCode.InvalidArgument, "Sample rate 0"),
            ["eight channels"] = ([Config(), Audio(With(22, 8, 0))], StatusCode.InvalidArgument, "8 channels"),
            ["12-bit samples"] = ([Config(), Audio(With(34, 12, 0))], StatusCode.InvalidArgument, "12-bit"),
            ["header only, no samples"] = ([Config(), Audio(WavBuilder.Pcm([], 16000))], StatusCode.InvalidArgument, "0.00 s"),
            ["NaN and infinite float samples"] = ([Config(), Audio(WavBuilder.Pcm(NonFinite(32000), 16000, bits: 32, formatTag: 3))], StatusCode.InvalidArgument, "silent"),
        };
    }

    /// <summary>A 'LIST' chunk that declares almost 4 GiB, ahead of a valid fmt and data.</summary>
    private static byte[] HugeChunkFirst(byte[] good)
    {
        byte[] chunk = [.. "LIST"u8, 0xFE, 0xFF, 0xFF, 0xFF, .. new byte[16]];
        return [.. good[..12], .. chunk, .. good[12..]];
    }

    private static float[] NonFinite(int length) =>
        [.. Enumerable.Range(0, length).Select(i => (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity })];

    [Theory]
    [MemberData(nameof(BadUploadNames))]
    public async Task CreateVoice_MalformedUpload_IsRefusedWithItsReasonAndLeavesNoTrace(string name)
    {
        var (messages, expected, reason) = BadUploads()[name];
        var registry = server.Services.GetRequiredService<VoiceRegistry>();
        var before = registry.List().Count;

        var error = await VoiceUploads.RefusedAsync(server.Channel, messages);

        Assert.True(expected == error.StatusCode, $"{name}: {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains(reason, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.True(registry.List().Count <= before, $"{name} left a voice in the store");
        Assert.NotNull(await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference));
    }

    [Fact]
    public async Task CreateVoice_SixteenConcurrentUploadsOfTheSameBytes_AnalyseOnce()
    {
        using var directory = new TempDirectory();
        // All sixteen are admitted at once: this is about sharing one analysis, not about the upload limit.
        await using var own = await ServerFixture.StartAsync(directory.Path, "--Tts:Voices:MaxConcurrentUploads=16");
        var registry = own.Services.GetRequiredService<VoiceRegistry>();
        var upload = WavBuilder.Pcm(SpeechLike(3, 16000, 130), 16000);

        var voices = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => VoiceUploads.CreateAsync(own.Channel, upload)));

        Assert.Single(voices.Select(v => v.Id).Distinct());
        Assert.Equal(1, registry.Statistics.Analyses);
        var stats = await new CacheAdmin.CacheAdminClient(own.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token);
        Assert.Equal(1, stats.Voices.Analyses);
        Assert.Equal(1, stats.Voices.InMemory);
    }

    [Fact]
    public async Task Voices_AfterRestart_CreatedVoicesAndPinsComeBack_DeletedOnesDoNot()
    {
        using var directory = new TempDirectory();
        string kept, pinned, deleted;
        await using (var own = await ServerFixture.StartAsync(directory.Path))
        {
            kept = (await VoiceUploads.CreateAsync(own.Channel, WavBuilder.Pcm(SpeechLike(2, 16000, 110), 16000))).Id;
            pinned = (await VoiceUploads.CreateAsync(own.Channel, WavBuilder.Pcm(SpeechLike(2, 22050, 180), 22050))).Id;
            deleted = (await VoiceUploads.CreateAsync(own.Channel, WavBuilder.Pcm(SpeechLike(2, 44100, 150), 44100, bits: 24, channels: 2))).Id;
            var voices = new Voices.VoicesClient(own.Channel);
            var preload = await voices.PreloadVoicesAsync(new PreloadVoicesRequest { Ids = { pinned, "voice_missing" } }, cancellationToken: Token);
            Assert.Equal(1, preload.Loaded);
            Assert.Equal(["voice_missing"], preload.Missing);
            Assert.True((await voices.DeleteVoiceAsync(new DeleteVoiceRequest { Id = deleted }, cancellationToken: Token)).Deleted);
        }

        await using var restarted = await ServerFixture.StartAsync(directory.Path);
        var client = new Voices.VoicesClient(restarted.Channel);
        var registry = restarted.Services.GetRequiredService<VoiceRegistry>();

        Assert.Equal(1, registry.Statistics.Pinned);
        var before = (await new CacheAdmin.CacheAdminClient(restarted.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token)).Voices;
        Assert.Equal(kept, (await client.GetVoiceAsync(new GetVoiceRequest { Id = kept }, cancellationToken: Token)).Id);
        Assert.Equal(pinned, (await client.GetVoiceAsync(new GetVoiceRequest { Id = pinned }, cancellationToken: Token)).Id);
        var after = (await new CacheAdmin.CacheAdminClient(restarted.Channel).GetCacheStatsAsync(new GetCacheStatsRequest(), cancellationToken: Token)).Voices;
        Assert.Equal(before.Loads + 1, after.Loads); // the kept voice came from the store; the pinned one was in memory
        var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetVoiceAsync(new GetVoiceRequest { Id = deleted }, cancellationToken: Token).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        var synth = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(
            new TextToSpeech.TextToSpeechClient(restarted.Channel), new SynthesizeRequest { Text = "Hello.", Voice = deleted }));
        Assert.Equal(StatusCode.NotFound, synth.StatusCode);

        await new CacheAdmin.CacheAdminClient(restarted.Channel).ClearCacheAsync(
            new ClearCacheRequest { Scope = CacheScope.All, KeepPreloaded = true }, cancellationToken: Token);
        Assert.Equal(1, registry.Statistics.Pinned);
    }

    /// <summary>A voiced, syllable-shaped signal with a wandering pitch: enough for analysis, not real speech.</summary>
    internal static float[] SpeechLike(double seconds, int sampleRate, double f0)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        double phase = 0;
        var random = new Random(7);
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / sampleRate;
            var pitch = f0 * (1 + (0.05 * Math.Sin(2 * Math.PI * 0.7 * t)));
            phase += 2 * Math.PI * pitch / sampleRate;
            var envelope = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 3 * t));
            var voiced = Math.Sin(phase) + (0.5 * Math.Sin(2 * phase)) + (0.25 * Math.Sin(3 * phase));
            samples[i] = (float)((0.25 * envelope * voiced) + (0.002 * (random.NextDouble() - 0.5)));
        }

        return samples;
    }
}
