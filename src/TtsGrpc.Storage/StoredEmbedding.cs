namespace TtsGrpc.Storage;

/// <summary>
/// An embedding as kept on disk: <see cref="Hash"/> (its key) is the lowercase hex SHA-256 of <see cref="Values"/>
/// as little-endian float32 bytes; <see cref="Name"/> says where it came from (a voice name or a blend recipe).
/// </summary>
public sealed record StoredEmbedding(string Hash, string Name, float[] Values);
