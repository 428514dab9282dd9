using Grpc.Core;
using TtsGrpc.Native;
using TtsGrpc.Protos.V1;
using TtsGrpc.Server;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Settings come from appsettings.json, TTS__ environment variables and the command line (that order of
/// precedence); a bad one stops start-up with its key named.
/// </summary>
public sealed class ConfigurationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string[], string, string> BadSettings => new()
    {
        { ["--Tts:Synthesis:Lookahead=-1"], "Tts:Synthesis:Lookahead", "between 0 and 64" },
        { ["--Tts:Http:Urls=not an address"], "Tts:Http:Urls", "is not an address" },
        { ["--Tts:Http:MaxRequestBytes=10"], "Tts:Http:MaxRequestBytes", "between 1024 and" },
        { ["--Tts:Http:VoiceMap:alloy= "], "Tts:Http:VoiceMap:alloy", "is empty" },
        { ["--Tts:Synthesis:Lookahead=two"], "Tts:Synthesis:Lookahead", "whole number from 0 to 64" },
        { ["--Tts:Synthesis:Lookahead=99999999999"], "Tts:Synthesis:Lookahead", "whole number from 0 to 64" },
        { ["--Tts:Synthesis:ChunkMilliseconds=0"], "Tts:Synthesis:ChunkMilliseconds", "between 10 and 5000" },
        { ["--Tts:Synthesis:ChunkMilliseconds=60000"], "Tts:Synthesis:ChunkMilliseconds", "between 10 and 5000" },
        { ["--Tts:Synthesis:MaxConcurrentCalls=0"], "Tts:Synthesis:MaxConcurrentCalls", "between 1 and 100000" },
        { ["--Tts:Synthesis:IdleTimeoutSeconds=0"], "Tts:Synthesis:IdleTimeoutSeconds", "between 1 and 86400" },
        { ["--Tts:Synthesis:MaxTextLength=-3"], "Tts:Synthesis:MaxTextLength", "between 1 and 10000000" },
        { ["--Tts:Synthesis:MaxSegmentChars=8"], "Tts:Synthesis:MaxSegmentChars", "between 16 and 10000" },
        { ["--Tts:Synthesis:DefaultVoice= "], "Tts:Synthesis:DefaultVoice", "required" },
        { ["--Tts:Synthesis:DefaultVoice=no-such-voice"], "Tts:Synthesis:DefaultVoice", "ListVoices" },
        { ["--Tts:Cache:MemoryCapacityBytes=-1"], "Tts:Cache:MemoryCapacityBytes", "between 0 and" },
        { ["--Tts:Cache:DiskCapacityBytes=0"], "Tts:Cache:DiskCapacityBytes", "(1 MiB)" },
        { ["--Tts:Cache:MemoryMaxEntries=-1"], "Tts:Cache:MemoryMaxEntries", "(no bound)" },
        { ["--Tts:Voices:MaxUploadBytes=-5"], "Tts:Voices:MaxUploadBytes", "(1 MiB)" },
        { ["--Tts:Voices:MaxConcurrentUploads=0"], "Tts:Voices:MaxConcurrentUploads", "between 1 and 1000" },
        { ["--Tts:Voices:MinSampleRate=0"], "Tts:Voices:MinSampleRate", "between 1000 and 192000" },
        { ["--Tts:Voices:MinSeconds=0.01"], "Tts:Voices:MinSeconds", "between 0.1 and 3600" },
        { ["--Tts:Voices:MinSeconds=10", "--Tts:Voices:MaxSeconds=5"], "Tts:Voices:MaxSeconds", "must not exceed" },
        { ["--Tts:Voices:MinSampleRate=48000", "--Tts:Voices:MaxSampleRate=16000"], "Tts:Voices:MinSampleRate", "must not exceed" },
        { ["--Tts:Voices:MemoryCapacityBytes=-1"], "Tts:Voices:MemoryCapacityBytes", "between 0 and" },
        { ["--Tts:Voices:DefaultBaseVoice=xx-nowhere"], "Tts:Voices:DefaultBaseVoice", "ListVoices" },
        { ["--Tts:Backend=Gpu"], "Tts:Backend", "Auto, Cpu, Cuda" },
        { ["--Tts:Backend=7"], "Tts:Backend", "Auto, Cpu, Cuda" },
        { ["--Tts:DataDirectory="], "Tts:DataDirectory", "required" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Build_BadSetting_RefusedWithTheKeyAndTheAllowedValues(string[] settings, string key, string rule)
    {
        using var directory = new TempDirectory();

        var failures = ServerBuild.Failures(directory.Path, settings);

        var failure = Assert.Single(failures);
        Assert.Contains(key, failure, StringComparison.Ordinal);
        Assert.Contains(rule, failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Build_SeveralBadSettings_EveryKeyNamedAtOnce()
    {
        using var directory = new TempDirectory();

        var failures = ServerBuild.Failures(
            directory.Path, "--Tts:Synthesis:Lookahead=-1", "--Tts:Cache:MemoryCapacityBytes=-1", "--Tts:Voices:MinSampleRate=0");

        Assert.True(3 == failures.Count, string.Join(" | ", failures));
        Assert.Contains(failures, f => f.Contains("Tts:Synthesis:Lookahead", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Tts:Cache:MemoryCapacityBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Tts:Voices:MinSampleRate", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_DataDirectoryUnderAFile_RefusedBeforeTheStoreOpens()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var file = Path.Combine(directory.Path, "a-file");
        File.WriteAllText(file, "not a directory");

        var failures = ServerBuild.Failures(directory.Path, $"--Tts:DataDirectory={Path.Combine(file, "data")}");

        var failure = Assert.Single(failures);
        Assert.Contains("Tts:DataDirectory", failure, StringComparison.Ordinal);
        Assert.Contains("cannot be created", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BackendCudaWithoutCuda_RefusedWithTheReason()
    {
        Assert.SkipWhen(AudioCore.CudaCompiled && AudioCore.CudaDeviceCount > 0, "this host runs CUDA, so Backend=Cuda is valid here");
        using var directory = new TempDirectory();

        var failures = ServerBuild.Failures(directory.Path, "--Tts:Backend=Cuda");

        var failure = Assert.Single(failures);
        Assert.StartsWith("Tts:Backend is Cuda, but", failure, StringComparison.Ordinal);
        Assert.Contains("use Auto or Cpu", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MisplacedAndMisspeltSettings_RefusedWithTheKeyMeant()
    {
        using var directory = new TempDirectory();

        var failures = ServerBuild.Failures(directory.Path, "--Tts:Lookahead=3", "--Tts:Synthesis:Lookahaed=3");

        Assert.Equal(
            [
                "Setting Tts:Lookahead is not read by any option; did you mean Tts:Synthesis:Lookahead?",
                "Setting Tts:Synthesis:Lookahaed is not read by any option; did you mean Tts:Synthesis:Lookahead?",
            ],
            failures);
    }

    [Fact]
    public async Task Synthesize_ChunkMillisecondsOnTheCommandLine_MessagesCarryThatMuchAudio()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, "--Tts:Synthesis:ChunkMilliseconds=40");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var call = await SynthesisCall.RunAsync(client, new SynthesizeRequest
        {
            Text = "This sentence lasts for well over a second of speech.",
            Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
        });

        var rate = call.Messages[0].SampleRateHz;
        var fortyMs = rate * 40 / 1000 * sizeof(short);
        var sizes = call.Messages.Select(m => m.Audio.Length).Where(length => length > 0).ToList();
        Assert.Equal(fortyMs, sizes.Max()); // the default (200 ms) would send five times as much per message
        Assert.True(sizes.Count > 20, $"{sizes.Count} messages for over a second of audio");
    }

    [Theory]
    [InlineData("TTS__SYNTHESIS__MAXTEXTLENGTH")]
    [InlineData("Tts__Synthesis__MaxTextLength")]
    public async Task Synthesize_MaxTextLengthFromTheEnvironment_LongerTextRefused(string variable)
    {
        using var directory = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(directory.Path, new Dictionary<string, string> { [variable] = "40" });
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Text(41)));
        var accepted = await SynthesisCall.RunAsync(client, Text(40));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("the limit is 40", error.Status.Detail, StringComparison.Ordinal);
        Assert.NotEmpty(accepted.Audio);
    }

    [Fact]
    public async Task Synthesize_EnvironmentAndCommandLineDisagree_CommandLineWins()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(
            directory.Path, new Dictionary<string, string> { ["TTS__SYNTHESIS__MAXTEXTLENGTH"] = "40" }, "--Tts:Synthesis:MaxTextLength=80");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        var accepted = await SynthesisCall.RunAsync(client, Text(60));
        var error = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, Text(81)));

        Assert.NotEmpty(accepted.Audio);
        Assert.Contains("the limit is 80", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Tts:Synthesis:Lookahead=-1", null, "Tts:Synthesis:Lookahead must be between 0 and 64")]
    [InlineData(null, "TTS__BACKEND=Gpu", "Tts:Backend is 'Gpu'; use one of Auto, Cpu, Cuda")]
    public async Task ServerProcess_BadSetting_ExitsWithCodeOneAndOneLineNamingTheKey(string? argument, string? variable, string expected)
    {
        using var directory = new TempDirectory();
        var environment = new Dictionary<string, string>();
        if (variable?.Split('=') is [var name, var value])
        {
            environment[name] = value;
        }

        var exited = await ServerProcess.RunToExitAsync(directory.Path, environment, argument is null ? [] : [argument]);

        Assert.Equal(1, exited.ExitCode);
        var line = Assert.Single(exited.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exited.StandardOutput + exited.StandardError, StringComparison.Ordinal); // no stack trace
    }

    private static SynthesizeRequest Text(int length) => new() { Text = string.Concat(Enumerable.Repeat("Say it. ", 20))[..length] };
}
