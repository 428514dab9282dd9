using System.Diagnostics;

namespace TtsGrpc.Tests.Unit.Codecs;

/// <summary>The real decoders and checkers (ffmpeg, opusinfo, flac) as processes, with their exit code and output.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var token = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(token);
        var stderr = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token).WaitAsync(Timeout, token);
        return new Result(process.ExitCode, await stdout.WaitAsync(Timeout, token), await stderr.WaitAsync(Timeout, token));
    }

    /// <summary>
    /// Decodes <paramref name="stream"/> with ffmpeg to mono PCM16 at <paramref name="sampleRate"/>; asserts ffmpeg
    /// exits 0 and reports no error.
    /// </summary>
    public static async Task<short[]> FfmpegDecodeAsync(byte[] stream, string extension, int sampleRate, string directory)
    {
        var input = Path.Combine(directory, $"{Guid.NewGuid():N}.{extension}");
        var output = Path.ChangeExtension(input, ".raw");
        await File.WriteAllBytesAsync(input, stream, TestContext.Current.CancellationToken);
        var result = await RunAsync(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-i", input,
            "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", sampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), output);
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, $"ffmpeg exited {result.ExitCode}: {result.Stderr}");
        return Support.AudioAnalysis.Pcm16(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
    }

    /// <summary>Writes <paramref name="stream"/> to a file and runs <paramref name="program"/> on it (file path last).</summary>
    public static async Task<Result> RunOnFileAsync(byte[] stream, string extension, string directory, string program, params string[] arguments)
    {
        var input = Path.Combine(directory, $"{Guid.NewGuid():N}.{extension}");
        await File.WriteAllBytesAsync(input, stream, TestContext.Current.CancellationToken);
        return await RunAsync(program, [.. arguments, input]);
    }
}
