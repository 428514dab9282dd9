using System.Text.Json.Serialization;

namespace TtsGrpc.Benchmarks.Storage;

/// <summary>Source-generated (de)serialization of <see cref="FileEntryMetadata"/>, as a trimmed service would ship it.</summary>
[JsonSerializable(typeof(FileEntryMetadata))]
internal sealed partial class FileEntryJson : JsonSerializerContext;
