using System.Runtime.InteropServices;
using System.Text.Json;
using TtsGrpc.Storage;

namespace TtsGrpc.Benchmarks.Storage;

/// <summary>
/// The peer of <see cref="SegmentStore"/> for <see cref="StoreBenchmarks"/>: the layout simple TTS caches use, two
/// files per key under a folder named by the key's first byte, <c>ab/abcd….pcm</c> (raw PCM16) and
/// <c>ab/abcd….json</c> (rate, engine, text, time). Each file is written to a temp name and renamed, so a reader
/// never sees half a file; no fsync, no checksum and no compression, as in those caches.
/// </summary>
internal sealed class FileEntryCache(string directory)
{
    public string Directory { get; } = directory;

    public bool TryPut(ReadOnlySpan<byte> key, StoredAudio audio)
    {
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteAtomically(path + ".pcm", MemoryMarshal.AsBytes(audio.Pcm.AsSpan()));
        var metadata = new FileEntryMetadata(audio.SampleRate, audio.Engine, audio.Text, audio.Created, audio.Pcm.Length);
        WriteAtomically(path + ".json", JsonSerializer.SerializeToUtf8Bytes(metadata, FileEntryJson.Default.FileEntryMetadata));
        return true;
    }

    public StoredAudio? TryGet(ReadOnlySpan<byte> key)
    {
        var path = PathOf(key);
        try
        {
            var bytes = File.ReadAllBytes(path + ".pcm");
            var metadata = JsonSerializer.Deserialize(File.ReadAllBytes(path + ".json"), FileEntryJson.Default.FileEntryMetadata);
            if (metadata is null || metadata.Samples * sizeof(short) != bytes.Length)
            {
                return null;
            }

            var pcm = new short[metadata.Samples];
            bytes.CopyTo(MemoryMarshal.AsBytes(pcm.AsSpan()));
            return new StoredAudio(pcm, metadata.SampleRate, metadata.Engine, metadata.Text, metadata.Created);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string PathOf(ReadOnlySpan<byte> key)
    {
        var hex = Convert.ToHexStringLower(key);
        return Path.Combine(Directory, hex[..2], hex);
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(contents);
        }

        File.Move(temp, path, overwrite: true);
    }
}
