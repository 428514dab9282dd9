using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// The server as a process of its own, stopped at start by something an operator can fix: it exits with code 1
/// and writes one line on stderr naming the cause and what to do, with no stack anywhere (the log included).
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task ServerProcess_GrpcPortInUse_ExitsWithOneLineNamingUrls()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var running = await ServerFixture.StartAsync(first.Path);
        var address = new Uri(running.Address).Authority; // 127.0.0.1:port

        var exited = await ServerProcess.RunToExitAsync(second.Path, NoEnvironment, "--urls", running.Address);

        Assert.Equal(
            $"TtsGrpc could not start: {address} (Urls) is already in use; stop the other process or set Urls (--urls) to a free port.",
            OneLine(exited));
    }

    [Fact]
    public async Task ServerProcess_HttpPortInUse_ExitsWithOneLineNamingTheHttpUrls()
    {
        using var directory = new TempDirectory();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var exited = await ServerProcess.RunToExitAsync(directory.Path, NoEnvironment, $"--Tts:Http:Urls=http://127.0.0.1:{port}");

        Assert.Equal(
            $"TtsGrpc could not start: 127.0.0.1:{port} (Tts:Http:Urls) is already in use; stop the other process or " +
            "set Tts:Http:Urls to a free port (or to empty, to turn the HTTP API off).",
            OneLine(exited));
    }

    [Fact]
    public async Task ServerProcess_MetricsPortInUse_ExitsWithOneLineNamingTheMetricsPort()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var port = Scrape.FreePort();
        string[] metrics = ["--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={port}"];
        await using var running = await ServerFixture.StartAsync(first.Path, metrics);

        var exited = await ServerProcess.RunToExitAsync(second.Path, NoEnvironment, metrics);

        Assert.Equal(
            $"TtsGrpc could not start: 127.0.0.1:{port} (Tts:Metrics:Port) is already in use; stop the other process or " +
            "set Tts:Metrics:Port to a free port (or Tts:Metrics:Enabled=false).",
            OneLine(exited));
    }

    [Fact]
    public async Task ServerProcess_DataDirectoryUnderAFile_ExitsWithOneLineNamingThePathAndTheSetting()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var file = Path.Combine(directory.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);
        var data = Path.Combine(file, "data");

        var exited = await ServerProcess.RunToExitAsync(data, NoEnvironment);

        var line = OneLine(exited);
        Assert.StartsWith($"Invalid configuration: Tts:DataDirectory '{data}' cannot be created: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; set Tts:DataDirectory to a directory this user can create and write.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_PiperVoicesDirectoryUnderAFile_ExitsWithOneLineNamingThePathAndTheSetting()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var file = Path.Combine(directory.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a directory", TestContext.Current.CancellationToken);
        var voices = Path.Combine(file, "voices");

        var exited = await ServerProcess.RunToExitAsync(Path.Combine(directory.Path, "data"), NoEnvironment, $"--Tts:Engines:Piper:VoicesDirectory={voices}");

        var line = OneLine(exited);
        Assert.StartsWith($"Invalid configuration: Tts:Engines:Piper:VoicesDirectory '{voices}' cannot be created: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; set Tts:Engines:Piper:VoicesDirectory to a directory this user can create and write.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_StoreInUseByAnotherServer_ExitsWithOneLineSayingSo()
    {
        using var directory = new TempDirectory();
        await using var running = await ServerFixture.StartAsync(directory.Path);

        var exited = await ServerProcess.RunToExitAsync(directory.Path, NoEnvironment);

        var line = OneLine(exited);
        Assert.StartsWith($"TtsGrpc could not start: the store under Tts:DataDirectory '{directory.Path}' could not be opened: ", line, StringComparison.Ordinal);
        Assert.EndsWith("; another server may be using it: stop that server or give this one a Tts:DataDirectory of its own.", line, StringComparison.Ordinal);
    }

    /// <summary>espeak-ng reads its data from ESPEAK_DATA_PATH when that is set: an empty directory is an install without the data.</summary>
    [Fact]
    public async Task ServerProcess_EspeakDataMissing_ExitsWithOneLineSayingWhatToInstall()
    {
        using var data = new TempDirectory();
        using var empty = new TempDirectory();
        Directory.CreateDirectory(empty.Path);

        var exited = await ServerProcess.RunToExitAsync(data.Path, new Dictionary<string, string> { ["ESPEAK_DATA_PATH"] = empty.Path });

        var line = OneLine(exited);
        Assert.StartsWith($"TtsGrpc could not start: espeak-ng could not load its data from '{empty.Path}' (", line, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", line, StringComparison.Ordinal);
        Assert.EndsWith(
            "); install espeak-ng-data ('sudo apt-get install espeak-ng-data') or set ESPEAK_DATA_PATH to the directory that holds it.",
            line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Tts:Engines:Piper:VoicesDirectroy=x",
        "Setting Tts:Engines:Piper:VoicesDirectroy is not read by any option; did you mean Tts:Engines:Piper:VoicesDirectory?")]
    [InlineData("--Tts:Engines:OpenAI:Modle=x", "Setting Tts:Engines:OpenAI:Modle is not read by any option; did you mean Tts:Engines:OpenAI:Model?")]
    [InlineData("--Tts:Cache:Redis:Configuraton=x",
        "Setting Tts:Cache:Redis:Configuraton is not read by any option; did you mean Tts:Cache:Redis:Configuration?")]
    [InlineData("--Tts:Metrics:Prot=9000", "Setting Tts:Metrics:Prot is not read by any option; did you mean Tts:Metrics:Port?")]
    public async Task ServerProcess_UnknownKey_ExitsWithOneLineNamingIt(string setting, string expected)
    {
        using var directory = new TempDirectory();

        var exited = await ServerProcess.RunToExitAsync(directory.Path, NoEnvironment, setting);

        Assert.Equal("Invalid configuration: " + expected, OneLine(exited));
    }

    /// <summary>Exit code 1, exactly one line on stderr (returned), and no stack trace or failure-level log entry anywhere.</summary>
    private static string OneLine(ServerProcess.ExitedProcess exited)
    {
        var everything = exited.StandardOutput + exited.StandardError;
        Assert.True(exited.ExitCode == 1, $"exit code {exited.ExitCode}; output:\n{everything}");
        var lines = exited.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{lines.Length} lines on stderr; output:\n{everything}");
        Assert.DoesNotContain("   at ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", exited.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", exited.StandardOutput, StringComparison.Ordinal);
        return lines[0].TrimEnd('\r');
    }
}
