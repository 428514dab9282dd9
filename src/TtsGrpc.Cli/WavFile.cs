using System.Buffers.Binary;

namespace TtsGrpc.Cli;

/// <summary>
/// The server streams WAV with 0xFFFFFFFF in the RIFF and data sizes because it cannot know the length
/// up front; once the stream has ended the real sizes are written so the file reads as an ordinary WAV.
/// </summary>
internal static class WavFile
{
    public const int HeaderSize = 44;

    public static async Task PatchSizesAsync(FileStream file, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        file.Position = 0;
        if (file.Length < HeaderSize)
        {
            throw new InvalidDataException($"{file.Name} is shorter than a WAV header ({file.Length} bytes).");
        }

        await file.ReadExactlyAsync(header, cancellationToken);
        if (!header.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !header.AsSpan(36, 4).SequenceEqual("data"u8))
        {
            throw new InvalidDataException($"{file.Name} does not start with the 44-byte WAV header the server sends.");
        }

        var dataBytes = (uint)Math.Min(file.Length - HeaderSize, uint.MaxValue - 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), dataBytes + 36);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), dataBytes);
        file.Position = 0;
        await file.WriteAsync(header, cancellationToken);
        file.Position = file.Length;
    }
}
