using System.Buffers.Binary;
using TtsGrpc.Core.Audio;

namespace TtsGrpc.Core.Engines.OpenAI.Internal;

/// <summary>
/// The samples of a speech answer asked for as <c>response_format: "pcm"</c> (headerless 24 kHz s16le mono). A WAV
/// at that rate is taken too (some servers wrap PCM); a page, JSON, a compressed format or an odd byte count is
/// refused with a <see cref="FormatException"/> saying what came instead.
/// </summary>
internal static class SpeechBody
{
    public const int SampleRate = 24000;

    private static readonly string[] CompressedTypes = ["mpeg", "mp3", "ogg", "opus", "flac", "aac", "mp4", "webm"];

    public static short[] ToPcm(byte[] body, string? mediaType)
    {
        var type = mediaType ?? "";
        if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("json", StringComparison.OrdinalIgnoreCase)
            || (body.Length > 0 && ErrorBody.IsHtml(System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64)).TrimStart(), type)))
        {
            throw new FormatException($"it answered 200 with {(type.Length == 0 ? "text" : type)} instead of audio: {ErrorBody.Reason(body, type)}");
        }

        if (body.AsSpan().StartsWith("RIFF"u8))
        {
            return FromWav(body);
        }

        if (CompressedTypes.FirstOrDefault(c => type.Contains(c, StringComparison.OrdinalIgnoreCase)) is not null
            || body.AsSpan().StartsWith("ID3"u8) || body.AsSpan().StartsWith("OggS"u8) || body.AsSpan().StartsWith("fLaC"u8))
        {
            throw new FormatException(
                $"it sent {(type.Length == 0 ? "compressed audio" : type)} where raw PCM was asked for (response_format \"pcm\"); " +
                "the server must support the pcm format");
        }

        if (body.Length % 2 != 0)
        {
            throw new FormatException($"its PCM body has {body.Length} bytes, an odd count, so it is not 16-bit samples");
        }

        var pcm = new short[body.Length / 2];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(body.AsSpan(i * 2));
        }

        return pcm;
    }

    private static short[] FromWav(byte[] body)
    {
        DecodedAudio wav;
        try
        {
            wav = WavReader.Read(body);
        }
        catch (WavFormatException e)
        {
            throw new FormatException("its WAV answer cannot be read: " + e.Message.TrimEnd('.'), e);
        }

        if (wav.SampleRate != SampleRate)
        {
            throw new FormatException($"it sent WAV at {wav.SampleRate} Hz where 24 kHz PCM was asked for (response_format \"pcm\")");
        }

        var pcm = new short[wav.Samples.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(MathF.Round(wav.Samples[i] * 32768f), short.MinValue, short.MaxValue);
        }

        return pcm;
    }
}
