using TtsGrpc.Server;
using TtsGrpc.Server.Hosting;

// Configuration: appsettings.json, then TTS__Section__Key environment variables, then --Tts:Section:Key=value or --urls
// (docs/configuration.md). A start-up failure an operator can fix (a bad setting, a port in use, a store that cannot
// be opened, espeak-ng missing) ends the process with exit code 1 and one line on stderr per cause; see StartupFailure.
var failure = new StartupFailure();
WebApplication? app = null;
try
{
    app = ServerApp.Build(args, failure.Watch);
    await app.StartAsync();
}
catch (Exception e) when (failure.Lines(e) is { Count: > 0 } lines)
{
    foreach (var line in lines)
    {
        await Console.Error.WriteLineAsync(line);
    }

    if (app is not null)
    {
        await app.DisposeAsync();
    }

    return 1;
}

await using (app)
{
    await app.WaitForShutdownAsync();
}

return 0;
