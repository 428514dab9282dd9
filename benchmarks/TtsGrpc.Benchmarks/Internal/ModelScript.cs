using System.Diagnostics;

namespace TtsGrpc.Benchmarks.Internal;

/// <summary>Runs a stand-in model generator of tools/models with Debian's python3-onnx and python3-numpy.</summary>
internal static class ModelScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs tools/models/<paramref name="script"/> with <paramref name="args"/>; returns its output lines, or throws with its stderr.</summary>
    public static string[] Run(string script, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(Python())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(PathOf(script));
        foreach (var arg in args)
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

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>$PYTHON, else Debian's interpreter, where python3-onnx lives (a virtualenv's python3 lacks it).</summary>
    private static string Python() =>
        Environment.GetEnvironmentVariable("PYTHON") is { Length: > 0 } python ? python
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    // BenchmarkDotNet builds and runs each case from a folder under the benchmark project, so the repository is above
    // it; a published build (no repository around it) finds the script from the folder it was started in.
    private static string PathOf(string script)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "tools", "models", script);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new FileNotFoundException(
            $"No folder above {AppContext.BaseDirectory} or {Environment.CurrentDirectory} holds tools/models/{script}");
    }
}
