namespace TtsGrpc.Benchmarks.Storage;

/// <summary>The JSON file beside each audio file of <see cref="FileEntryCache"/>.</summary>
internal sealed record FileEntryMetadata(int SampleRate, string Engine, string Text, DateTimeOffset Created, int Samples);
