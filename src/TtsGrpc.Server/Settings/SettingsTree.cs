namespace TtsGrpc.Server.Settings;

/// <summary>
/// Stands for the whole "Tts" section in the options system, so that <see cref="UnknownSettingsCheck"/> runs with
/// the validation of every other section at start and its failures are reported with theirs.
/// </summary>
internal sealed class SettingsTree;
