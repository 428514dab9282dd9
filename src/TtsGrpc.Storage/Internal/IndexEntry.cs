namespace TtsGrpc.Storage.Internal;

/// <summary>What the access index knows of one audio entry: last access stamp and its sizes.</summary>
internal readonly record struct IndexEntry(long Stamp, long StoredBytes, long RawBytes);
