namespace TtsGrpc.Server.Settings;

/// <summary>A configuration section (e.g. "Tts:Synthesis") and the options class bound to it.</summary>
internal sealed record SettingsSection(string Path, Type OptionsType);
