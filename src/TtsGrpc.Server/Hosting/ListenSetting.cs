namespace TtsGrpc.Server.Hosting;

/// <summary>
/// A port the server listens on and the setting that chose it, so a port in use at start is reported with the
/// key to change ("Tts:Metrics:Port") rather than only the address. A component that adds a Kestrel address of
/// its own registers one; addresses from Urls and Kestrel:Endpoints are found in the configuration.
/// </summary>
/// <param name="Remedy">What to do besides stopping the other process, e.g. "set Tts:Metrics:Port to a free port".</param>
internal sealed record ListenSetting(int Port, string Key, string Remedy);
