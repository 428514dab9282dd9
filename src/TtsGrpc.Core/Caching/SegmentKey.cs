using System.Security.Cryptography;
using System.Text;
using TtsGrpc.Core.Engines;

namespace TtsGrpc.Core.Caching;

/// <summary>
/// The identity of one rendered segment: SHA-256 over a canonical binary encoding of everything that
/// changes its audio (schema, engine id and version, voice, normalized text, speed, pitch,
/// exaggeration, language) and nothing that does not (the output format is converted on the way out).
/// </summary>
public readonly record struct SegmentKey(byte[] Bytes)
{
    /// <summary>Bump when the encoding below or the stored master changes meaning.</summary>
    public const int SchemaVersion = 1;

    public string Hex => Convert.ToHexStringLower(Bytes);

    public static SegmentKey For(
        ISpeechEngine engine, string voiceKey, string speakText, Prosody prosody, float exaggeration, string language)
    {
        using var buffer = new MemoryStream(128 + (speakText.Length * 2));
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            // BinaryWriter is little-endian and length-prefixes strings, so ("ab","c") never collides with ("a","bc").
            writer.Write(SchemaVersion);
            writer.Write(engine.Id);
            writer.Write(engine.Version);
            writer.Write(voiceKey);
            writer.Write(speakText);
            writer.Write(prosody.Speed);
            writer.Write(prosody.PitchSemitones + 0f); // -0 and +0 are one pitch
            writer.Write(exaggeration);
            writer.Write(language.Trim().ToLowerInvariant());
        }

        return new SegmentKey(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    public override string ToString() => Hex;
}
