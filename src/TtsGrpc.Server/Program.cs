using TtsGrpc.Server;

// Configuration: appsettings.json, then TTS__Section__Key environment variables, then --Tts:Section:Key=value or --urls.
await ServerApp.Build(args).RunAsync();
