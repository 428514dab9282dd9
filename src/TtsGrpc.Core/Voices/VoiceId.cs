using System.Security.Cryptography;
using System.Text;

namespace TtsGrpc.Core.Voices;

/// <summary>
/// A created voice's id: a hash of the uploaded bytes and the analysis version, so the same file is
/// the same voice and a changed file is a new one. Names are metadata, never part of the id; the base voice is
/// part of it when one is named, since the same recording on another engine voice sounds different.
/// </summary>
public static class VoiceId
{
    public const string Prefix = "voice_";

    public static string For(ReadOnlySpan<byte> upload, int analysisVersion, string baseVoice = "")
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(upload);
        hash.AppendData(Encoding.ASCII.GetBytes($"|analysis:{analysisVersion}"));
        if (baseVoice.Length > 0)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"|base:{baseVoice}"));
        }

        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
    }

    public static bool Looks(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);
}
