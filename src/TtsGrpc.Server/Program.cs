using TtsGrpc.Server;
using TtsGrpc.Server.Settings;

// Configuration: appsettings.json, then TTS__Section__Key environment variables, then --Tts:Section:Key=value or --urls
// (docs/configuration.md). A bad setting stops start-up with one line per bad key and exit code 1.
try
{
    await ServerApp.Build(args).RunAsync();
    return 0;
}
catch (Exception e) when (SettingsFailure.Lines(e) is { Count: > 0 } failures)
{
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"Invalid configuration: {failure}");
    }

    return 1;
}
