using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Tests.Integration;

/// <summary>The damages themselves: files of a stopped server's store overwritten, cut, deleted or made immutable.</summary>
public sealed partial class StoreDamageTests
{
    private static string Largest(string store, string pattern) =>
        Directory.EnumerateFiles(store, pattern).MaxBy(f => new FileInfo(f).Length) ?? throw new NotSupportedException($"no {pattern} file in the store");

    private static string Newest(string store, string pattern) =>
        Directory.EnumerateFiles(store, pattern).MaxBy(FileNumber) ?? throw new NotSupportedException($"no {pattern} file in the store");

    private static string Oldest(string store, string pattern) =>
        Directory.EnumerateFiles(store, pattern).MinBy(FileNumber) ?? throw new NotSupportedException($"no {pattern} file in the store");

    private static long FileNumber(string path) =>
        long.Parse(new string([.. Path.GetFileNameWithoutExtension(path).Where(char.IsAsciiDigit)]), CultureInfo.InvariantCulture);

    /// <summary>Overwrites <paramref name="blocks"/> 4 KiB blocks spread over the file with random bytes.</summary>
    private static string Overwrite(string path, int blocks, long? at = null)
    {
        const int Block = 4096;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var length = file.Length;
        var garbage = new byte[Block];
        for (var i = 0; i < blocks; i++)
        {
            Random.Shared.NextBytes(garbage);
            file.Position = at ?? (blocks == 1 ? length / 3 : length * i / blocks);
            file.Write(garbage);
        }

        return $"{blocks} x 4 KiB of {Path.GetFileName(path)} ({length} bytes){(at is { } offset ? $" at {offset}" : "")}";
    }

    private static string OverwriteTail(string path, int bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var garbage = new byte[bytes];
        Random.Shared.NextBytes(garbage);
        file.Position = file.Length - bytes;
        file.Write(garbage);
        return $"last {bytes} bytes of {Path.GetFileName(path)}";
    }

    private static string Truncate(string path)
    {
        var length = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length / 2);
        }

        return $"{Path.GetFileName(path)} cut from {length} to {length / 2} bytes";
    }

    private static string Delete(string path)
    {
        File.Delete(path);
        return $"{Path.GetFileName(path)} deleted";
    }

    private static string Replace(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        return $"{Path.GetFileName(path)} replaced by {content.Length} bytes of garbage";
    }

    private static string StoreIsAFile(string store)
    {
        Directory.Delete(store, recursive: true);
        File.WriteAllText(store, "not a directory");
        return "store replaced by a file";
    }

    /// <summary>Flips a byte in the middle of one voice record (the server is stopped), as CorruptionTests does.</summary>
    private static string DamageOneVoice(string store)
    {
        using var database = StoreDatabase.Open(store, NullLogger.Instance);
        byte[] key, value;
        using (var iterator = database.Db.NewIterator(database.Voices))
        {
            iterator.SeekToFirst();
            Assert.True(iterator.Valid(), "no voice record to damage");
            (key, value) = (iterator.Key(), iterator.Value());
        }

        value[value.Length / 2] ^= 0x10;
        database.Db.Put(key, value, database.Voices);
        return $"one byte of voice record {System.Text.Encoding.UTF8.GetString(key)}";
    }

    /// <summary>
    /// The tests run as root, whom chmod does not stop; the immutable attribute does (no file in the directory can be
    /// created, removed, renamed or written, root included).
    /// </summary>
    private static string MakeImmutable(string store)
    {
        Chattr("+i", store);
        try
        {
            File.WriteAllBytes(Path.Combine(store, "probe"), [1]);
        }
        catch (UnauthorizedAccessException)
        {
            return "chattr -R +i on the store directory (a write by root there fails with EPERM)";
        }

        Chattr("-i", store);
        throw new NotSupportedException("chattr +i did not stop a write to the store directory on this filesystem");
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", ["-R", flag, path]) { RedirectStandardError = true })
            ?? throw new NotSupportedException("chattr did not start");
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new NotSupportedException($"chattr {flag} failed: {error.Trim()}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }
}
