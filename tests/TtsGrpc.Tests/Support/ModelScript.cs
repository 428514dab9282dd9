using System.Diagnostics;

namespace TtsGrpc.Tests.Support;

/// <summary>Runs one of the stand-in model generators in tools/models with Debian's python3-onnx.</summary>
public static class ModelScript
{
    /// <summary>tools/models/<paramref name="name"/> of this repository.</summary>
    public static string PathOf(string name) => Path.Combine(RepositoryRoot(), "tools", "models", name);

    /// <summary>Runs the script with <paramref name="args"/>; returns its output lines, or throws with its stderr.</summary>
    public static string[] Run(string script, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(Python())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', args)} took more than {timeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{info.FileName} {script} {string.Join(' ', args)} exited with {process.ExitCode}:\n{error.Result}{output.Result}");
        }

        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>$PYTHON, else Debian's interpreter, where python3-onnx lives (a pyenv or virtualenv python3 lacks it).</summary>
    private static string Python() =>
        Environment.GetEnvironmentVariable("PYTHON") is { Length: > 0 } python ? python
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TtsGrpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds TtsGrpc.sln");
    }
}
