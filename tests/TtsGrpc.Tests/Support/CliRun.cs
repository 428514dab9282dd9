using System.Diagnostics;

namespace TtsGrpc.Tests.Support;

/// <summary>The <c>tts</c> command-line client, run as a process.</summary>
public static class CliRun
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Runs the <c>tts</c> command (its dll beside the tests) to its end.</summary>
    public static async Task<ServerProcess.ExitedProcess> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tts.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("TTS_API_KEY");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var error = process.StandardError.ReadToEndAsync(Token);
        try
        {
            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ServerProcess.ExitedProcess(process.ExitCode, await output, await error);
    }
}
