using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Engines.Piper;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Voices.InstallVoice against a voice index on a loopback port: downloads checked against the index, put in place
/// whole or not at all, and every failure answered with a status a caller can act on.
/// </summary>
public sealed class InstallVoiceTests(InstallVoiceTests.IndexAndServer fixture) : IClassFixture<InstallVoiceTests.IndexAndServer>
{
    private const string AdminKey = "admin-0123456789abcdef-ADMIN";
    private const string ClientKey = "client-0123456789abcdef-CLIENT";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StandInPiperVoice Plain => IndexAndServer.Plain;

    [Fact]
    public async Task InstallVoice_ListedVoice_ProgressIsMonotoneAndTheFilesAreTheIndexsBytes()
    {
        var messages = await InstallAsync(fixture.Server.Channel.CreateCallInvoker(), Plain.Key);

        var total = Plain.Model.Length + Plain.Config.Length;
        Assert.True(messages.Count >= 3, $"{messages.Count} messages");
        Assert.All(messages, m => Assert.Equal(total, m.VoiceBytesTotal));
        Assert.All(messages, m => Assert.InRange(m.BytesDone, 0, m.BytesTotal));
        Assert.All(messages.Zip(messages.Skip(1)), pair => Assert.True(pair.First.VoiceBytesDone <= pair.Second.VoiceBytesDone, "voice bytes went back"));
        Assert.All(messages.SkipLast(1), m => Assert.Null(m.Voice));
        Assert.Equal(total, messages[^1].VoiceBytesDone);
        Assert.Contains(messages, m => m.File == Plain.Key + ".onnx" && m.BytesTotal == Plain.Model.Length);
        var voice = messages[^1].Voice;
        Assert.Equal("piper:" + Plain.Key, voice.Id);
        Assert.Equal("piper", voice.Engine);
        Assert.Equal("en-US", voice.Language);
        Assert.Equal("medium", voice.Quality);
        Assert.Equal(22050, voice.SampleRateHz);
        Assert.Empty(voice.Speakers);
        Assert.Equal("", voice.UnavailableReason);
        Assert.Equal(Plain.Model, await File.ReadAllBytesAsync(Path.Combine(fixture.VoicesDirectory, Plain.Key + ".onnx"), Token));
        Assert.Equal(Plain.Config, await File.ReadAllBytesAsync(Path.Combine(fixture.VoicesDirectory, Plain.Key + ".onnx.json"), Token));
        Assert.Equal([Plain.Key + ".onnx", Plain.Key + ".onnx.json"], FilesOf(Plain));
        Assert.Equal(0, fixture.Index.Requests(Plain.CardPath));
    }

    [Fact]
    public async Task InstallVoice_ListedVoice_TheLibraryHasItUsable()
    {
        await InstallAsync(fixture.Server.Channel.CreateCallInvoker(), Plain.Key);

        var installed = fixture.Server.Services.GetRequiredService<PiperVoiceLibrary>().Get(Plain.Key);

        Assert.NotNull(installed);
        Assert.Null(installed.Problem);
        Assert.Equal(22050, installed.Config!.SampleRate);
    }

    [Fact]
    public async Task InstallVoice_ThenSynthesize_TheNewVoiceSpeaksWithoutARestart()
    {
        var client = new TextToSpeech.TextToSpeechClient(fixture.Server.Channel);
        var request = new SynthesizeRequest
        {
            Text = "Installed a moment ago.",
            Voice = "piper:" + IndexAndServer.Speaking.Key,
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        };
        var before = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, request));

        await InstallAsync(fixture.Server.Channel.CreateCallInvoker(), IndexAndServer.Speaking.Key);
        var listed = await client.ListVoicesAsync(new ListVoicesRequest { Engine = "piper" }, cancellationToken: Token);
        var call = await SynthesisCall.RunAsync(client, request);

        Assert.Equal(StatusCode.NotFound, before.StatusCode);
        Assert.Contains(listed.Voices, v => v.Id == request.Voice && v.UnavailableReason == "");
        Assert.Equal(16000, call.Messages[0].SampleRateHz);
        var sent = PiperStandIns.Decode(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(call.Audio));
        Assert.Equal([1, 0], sent.Ids[..2]);
        Assert.Equal(10, sent.Ids[^3]); // the sentence's '.'
    }

    [Fact]
    public async Task InstallVoice_Alias_InstallsTheVoiceOfItsKey()
    {
        var pair = IndexAndServer.Pair;

        var messages = await InstallAsync(fixture.Server.Channel.CreateCallInvoker(), pair.Aliases[0]);

        var voice = messages[^1].Voice;
        Assert.Equal("piper:" + pair.Key, voice.Id);
        Assert.Equal("en-GB", voice.Language);
        Assert.Equal(16000, voice.SampleRateHz);
        Assert.Equal(["alice", "bob"], voice.Speakers);
        Assert.Equal([pair.Key + ".onnx", pair.Key + ".onnx.json"], FilesOf(pair));
    }

    [Fact]
    public async Task InstallVoice_UnknownName_NotFoundWithCloseMatches()
    {
        var refused = await RefusedAsync("en_US-test-medum");

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("No voice 'en_US-test-medum' in the voice index", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Close matches: en_US-test-medium", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../en_US-test-medium")]
    [InlineData("en/en_US/test/medium/en_US-test-medium")]
    [InlineData("en_US\\test")]
    public async Task InstallVoice_NotAPlainKey_InvalidArgument(string name)
    {
        var refused = await RefusedAsync(name);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("en_US-lessac-medium", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallVoice_ModelDoesNotMatchItsMd5_FailedPreconditionAndNothingLeft()
    {
        var corrupt = IndexAndServer.Corrupt;

        var refused = await RefusedAsync(corrupt.Key);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"{corrupt.Key}.onnx from {fixture.Index.Url}{corrupt.ModelPath} does not match the voice index", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"the index says {Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(corrupt.Model))}", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(FilesOf(corrupt));
    }

    [Fact]
    public async Task InstallVoice_IndexListsAnotherSize_FailedPreconditionAndNothingLeft()
    {
        var wrong = IndexAndServer.WrongSize;

        var refused = await RefusedAsync(wrong.Key);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains($"it has {wrong.Model.Length} bytes, the index says {wrong.Model.Length + 1}", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(FilesOf(wrong));
    }

    [Fact]
    public async Task InstallVoice_ConnectionDropsHalfway_UnavailableNothingLeftAndALaterInstallSucceeds()
    {
        var dropped = IndexAndServer.Dropped;

        var refused = await RefusedAsync(dropped.Key);
        var filesAfterDrop = FilesOf(dropped);
        var retried = await InstallAsync(fixture.Server.Channel.CreateCallInvoker(), dropped.Key);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("connection dropped while downloading", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("retry the install", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(filesAfterDrop);
        Assert.Equal("piper:" + dropped.Key, retried[^1].Voice.Id);
        Assert.Equal(2, fixture.Index.Requests(dropped.ModelPath));
        Assert.Equal(dropped.Model, await File.ReadAllBytesAsync(Path.Combine(fixture.VoicesDirectory, dropped.Key + ".onnx"), Token));
    }

    [Fact]
    public async Task InstallVoice_DownloadStalls_UnavailableAfterTheStallTimeoutAndNothingLeft()
    {
        var hung = IndexAndServer.Hung;
        var watch = Stopwatch.StartNew();

        var refused = await RefusedAsync(hung.Key);

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains($"stalled: no data for {IndexAndServer.StallSeconds} s after {hung.Model.Length / 2} of {hung.Model.Length} bytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Tts:Engines:Piper:DownloadStallSeconds", refused.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed.TotalSeconds, IndexAndServer.StallSeconds - 0.5, 60);
        Assert.Empty(FilesOf(hung));
    }

    [Fact]
    public async Task InstallVoice_ClientCancelsMidDownload_TheTempFileIsRemoved()
    {
        var hung = IndexAndServer.Hung;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var call = new Voices.VoicesClient(fixture.Server.Channel).InstallVoice(
            new InstallVoiceRequest { Name = hung.Key }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext(Token));
        await WaitUntilAsync(() => FilesOf(hung).Any(f => f.Contains(".partial-", StringComparison.Ordinal)), "a temp file of the download");
        await cancel.CancelAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));
        await WaitUntilAsync(() => FilesOf(hung).Count == 0, "the temp file removed");

        Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
    }

    [Fact]
    public async Task InstallVoice_SameVoiceTwiceAtOnce_OneDownloadAndBothGetTheVoice()
    {
        var twice = IndexAndServer.Twice;
        var invoker = fixture.Server.Channel.CreateCallInvoker();

        var both = await Task.WhenAll(InstallAsync(invoker, twice.Key), InstallAsync(invoker, twice.Key));
        var again = await InstallAsync(invoker, twice.Key);

        Assert.All(both.Append(again), messages => Assert.Equal("piper:" + twice.Key, messages[^1].Voice.Id));
        Assert.Equal(1, fixture.Index.Requests(twice.ModelPath));
        Assert.Equal(1, fixture.Index.Requests(twice.ConfigPath));
        Assert.Equal([twice.Key + ".onnx", twice.Key + ".onnx.json"], FilesOf(twice));
    }

    [Fact]
    public async Task InstallVoice_IndexIsNotJson_FailedPrecondition()
    {
        fixture.Index.BrokenIndex = "{ \"en_US-test-medium\": ";
        RpcException refused;
        try
        {
            refused = await RefusedAsync(Plain.Key);
        }
        finally
        {
            fixture.Index.BrokenIndex = null;
        }

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("voices.json cannot be used: it is not valid JSON", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Tts:Engines:Piper:DownloadUrl", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallVoice_IndexServerStopped_Unavailable()
    {
        var gone = await VoiceIndexServer.StartAsync();
        var url = gone.Url;
        await gone.DisposeAsync();
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, $"--Tts:Engines:Piper:DownloadUrl={url}");

        var refused = await Assert.ThrowsAsync<RpcException>(() => InstallAsync(server.Channel.CreateCallInvoker(), Plain.Key));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains($"The voice index {url}voices.json cannot be reached", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("retry the install", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallVoice_KeysConfigured_NeedsAnAdminKey()
    {
        var keyed = IndexAndServer.Keyed;
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(
            directory.Path, $"--Tts:Auth:AdminKeys:0={AdminKey}", $"--Tts:Auth:ClientKeys:0={ClientKey}", $"--Tts:Engines:Piper:DownloadUrl={fixture.Index.Url}");

        var none = await Assert.ThrowsAsync<RpcException>(() => InstallAsync(server.Channel.CreateCallInvoker(), keyed.Key));
        var client = await Assert.ThrowsAsync<RpcException>(() => InstallAsync(WithKey(server, ClientKey), keyed.Key));
        var admin = await InstallAsync(WithKey(server, AdminKey), keyed.Key);

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, client.StatusCode);
        Assert.Equal("piper:" + keyed.Key, admin[^1].Voice.Id);
    }

    [Fact]
    public async Task VoicesInstall_Cli_PrintsTheInstalledVoiceIdAndAFailureAsAnError()
    {
        var cli = IndexAndServer.Cli;

        var installed = await RunCliAsync("voices", "install", cli.Key, "--server", fixture.Server.Address);
        var unknown = await RunCliAsync("voices", "install", "en_US-nobody-medium", "--server", fixture.Server.Address);

        Assert.True(installed.ExitCode == 0, installed.StandardError);
        Assert.Equal("piper:" + cli.Key, installed.StandardOutput.Trim());
        Assert.Contains($"{cli.Key}.onnx: ", installed.StandardError, StringComparison.Ordinal);
        Assert.Contains($"installed piper:{cli.Key} (en-US, medium, 22050 Hz)", installed.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("", unknown.StandardOutput);
        Assert.StartsWith("error: NotFound: No voice 'en_US-nobody-medium'", unknown.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The voice index, and a server installing from it with a short stall timeout (nothing on loopback pauses that long).</summary>
    public sealed class IndexAndServer : IAsyncLifetime
    {
        public const int StallSeconds = 3;

        public static readonly StandInPiperVoice Plain = StandInPiperVoice.Create("en_US-test-medium");
        public static readonly StandInPiperVoice Pair = StandInPiperVoice.Create("en_GB-pair-low", 16000, ["alice", "bob"]) with { Aliases = ["en-gb-pair-low"] };
        public static readonly StandInPiperVoice Corrupt = StandInPiperVoice.Create("en_US-corrupt-medium") with { Fault = VoiceFault.CorruptModel };
        public static readonly StandInPiperVoice WrongSize = StandInPiperVoice.Create("en_US-wrongsize-medium") with { Fault = VoiceFault.WrongSizeListed };
        public static readonly StandInPiperVoice Dropped = StandInPiperVoice.Create("en_US-dropped-medium") with { Fault = VoiceFault.DropModelOnce };
        public static readonly StandInPiperVoice Hung = StandInPiperVoice.Create("en_US-hung-medium") with { Fault = VoiceFault.HangModel };
        public static readonly StandInPiperVoice Twice = StandInPiperVoice.Create("en_US-twice-medium");
        public static readonly StandInPiperVoice Keyed = StandInPiperVoice.Create("en_US-keyed-medium");
        public static readonly StandInPiperVoice Cli = StandInPiperVoice.Create("en_US-cli-medium");

        /// <summary>A voice that runs: the stand-in model of tools/models/piper_voice.py, which gives back the ids it was sent.</summary>
        public static readonly StandInPiperVoice Speaking = Generated("en_US-speaking-low", sampleRate: 16000);

        private readonly TempDirectory _directory = new();

        public VoiceIndexServer Index { get; private set; } = null!;

        public ServerFixture Server { get; private set; } = null!;

        public string VoicesDirectory => Server.Services.GetRequiredService<PiperVoiceLibrary>().Directory;

        public async ValueTask InitializeAsync()
        {
            Index = await VoiceIndexServer.StartAsync(Plain, Pair, Corrupt, WrongSize, Dropped, Hung, Twice, Keyed, Cli, Speaking);
            Server = await ServerFixture.StartAsync(
                _directory.Path, $"--Tts:Engines:Piper:DownloadUrl={Index.Url}", $"--Tts:Engines:Piper:DownloadStallSeconds={StallSeconds}");
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Index.DisposeAsync();
            _directory.Dispose();
        }

        private static StandInPiperVoice Generated(string key, int sampleRate)
        {
            using var scratch = new TempDirectory();
            Directory.CreateDirectory(scratch.Path);
            var model = PiperStandIns.Write(scratch.Path, key, sampleRate: sampleRate, quality: key.Split('-')[^1]);
            return new StandInPiperVoice(key, File.ReadAllBytes(model), File.ReadAllBytes(model + ".json"));
        }
    }

    private static async Task<List<InstallVoiceProgress>> InstallAsync(CallInvoker invoker, string name)
    {
        using var call = new Voices.VoicesClient(invoker).InstallVoice(
            new InstallVoiceRequest { Name = name }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        return await call.ResponseStream.ReadAllAsync(Token).ToListAsync(Token);
    }

    private Task<RpcException> RefusedAsync(string name) =>
        Assert.ThrowsAsync<RpcException>(() => InstallAsync(fixture.Server.Channel.CreateCallInvoker(), name));

    /// <summary>The voices directory's files that belong to <paramref name="voice"/>, temp files included, by name.</summary>
    private List<string> FilesOf(StandInPiperVoice voice) =>
        [.. Directory.EnumerateFiles(fixture.VoicesDirectory)
            .Select(path => Path.GetFileName(path))
            .Where(name => name.StartsWith(voice.Key + ".", StringComparison.Ordinal) || name.StartsWith("." + voice.Key + ".", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"no {what} after {watch.Elapsed.TotalSeconds:0} s");
            await Task.Delay(20, Token);
        }
    }

    private static CallInvoker WithKey(ServerFixture server, string key) => server.Channel.Intercept(metadata =>
    {
        metadata.Add("authorization", "Bearer " + key);
        return metadata;
    });

    private static Task<ServerProcess.ExitedProcess> RunCliAsync(params string[] arguments) => CliRun.RunAsync(arguments);
}
