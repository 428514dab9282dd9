using System.Diagnostics;

namespace TtsGrpc.Benchmarks.Piper;

/// <summary>
/// tools/models/piper_voice.py: a random-weight model with the decoder of a Piper medium voice (HiFi-GAN, channels
/// 256 -> 32, 256 samples per frame) and the .onnx.json of a real voice. It costs what a medium voice costs; its
/// durations are fixed at 4 frames per id, so a row of L ids gives exactly 1024 * L samples.
/// </summary>
internal static class PiperVoiceScript
{
    public const int SamplesPerId = 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Writes <paramref name="directory"/>/<paramref name="stem"/>.onnx and its config; <paramref name="upsampling"/>
    /// is the decoder's rates ("8,8,4" is a real medium voice's), each kernel twice its rate as in Piper.
    /// </summary>
    public static string WriteMedium(string directory, string stem, string upsampling)
    {
        var kernels = string.Join(',', upsampling.Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) * 2));
        var info = new ProcessStartInfo(Python())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Script(), "medium", "--out", directory, "--stem", stem, "--upsample-rates", upsampling, "--upsample-kernels", kernels })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', info.ArgumentList)} took more than {Timeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{error.Result}{output.Result}");
        }

        return Path.Combine(directory, stem + ".onnx");
    }

    /// <summary>$PYTHON, else Debian's interpreter, where python3-onnx lives (a virtualenv's python3 lacks it).</summary>
    private static string Python() =>
        Environment.GetEnvironmentVariable("PYTHON") is { Length: > 0 } python ? python
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    // BenchmarkDotNet builds and runs each case from a folder under the benchmark project, so the repository is above
    // it; a published build (no repository around it) finds the script from the folder it was started in.
    private static string Script()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "tools", "models", "piper_voice.py");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        throw new FileNotFoundException(
            $"No folder above {AppContext.BaseDirectory} or {Environment.CurrentDirectory} holds tools/models/piper_voice.py");
    }
}
