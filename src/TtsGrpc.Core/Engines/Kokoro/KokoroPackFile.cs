namespace TtsGrpc.Core.Engines.Kokoro;

/// <summary>
/// One voice pack read from disk: its <see cref="Name"/>, the <see cref="File"/> it came from and, inside an npz
/// bundle, its <see cref="Entry"/> (null for a raw pack), and its <see cref="KokoroPack.Length"/> values.
/// </summary>
public sealed record KokoroPackFile(string Name, string File, string? Entry, float[] Values);
