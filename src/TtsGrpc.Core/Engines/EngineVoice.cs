namespace TtsGrpc.Core.Engines;

/// <summary>A voice an engine ships with. <see cref="Id"/> is what clients send ("espeak:en-us").</summary>
public sealed record EngineVoice(
    string Id, string Name, string Language, IReadOnlyList<string> Languages, string Gender, string EngineKey);
