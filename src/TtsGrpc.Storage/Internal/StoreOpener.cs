using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RocksDbSharp;

namespace TtsGrpc.Storage.Internal;

/// <summary>
/// Opens the database whatever state its directory is in, and never throws for damage: as it is; else after
/// RocksDB's repair (a copy of it as found is kept first); else moved aside and an empty one started; read only
/// when the directory is not writable; with no database at all (<see cref="StoreMode.Disabled"/>) when none of
/// that works. Only a store written by another schema version, or one another process has open, stops the start
/// (an actionable one-line message).
/// </summary>
internal static class StoreOpener
{
    /// <summary>The outcome: <paramref name="Database"/> is null when <paramref name="Mode"/> is Disabled.</summary>
    public sealed record Result(
        StoreDatabase? Database, StoreMode Mode, StoreRecovery Recovery, string? Problem, string? DamagedCopy, StoreCounts? LastCounts);

    public static Result Open(string directory, ILogger logger)
    {
        if (File.Exists(directory))
        {
            return Replace(directory, $"'{directory}' is a file, not a directory", logger, keptCopy: null);
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Disabled(directory, $"the directory cannot be created: {e.Message}", logger);
        }

        if (!IsWritable(directory, out var notWritable))
        {
            return OpenReadOnly(directory, notWritable, logger);
        }

        string problem;
        if (RepairRequest.Read(directory) is { } requested)
        {
            problem = "a validation asked for a repair: " + requested;
            StoreLog.RepairRequested(logger, directory, requested);
        }
        else if (OrphanedFiles(directory) is { } orphaned)
        {
            // RocksDB would create a new, empty database over them and delete them as obsolete.
            problem = orphaned;
            StoreLog.OpenFailed(logger, directory, problem);
        }
        else if (TryOpen(directory, logger, out var database, out problem))
        {
            return Opened(database, StoreRecovery.None, problem: null, damagedCopy: null, directory);
        }
        else if (problem.Contains("LOCK:", StringComparison.Ordinal))
        {
            // Another server has it open: repairing or moving it would damage a live database.
            throw new IOException(
                $"The store in '{directory}' is in use by another process ({problem}); stop that server or give this one " +
                "another data directory (--Tts:DataDirectory).");
        }
        else
        {
            StoreLog.OpenFailed(logger, directory, problem);
        }

        var copy = KeepCopy(directory, logger);
        try
        {
            StoreDatabase.Repair(directory);
        }
        catch (RocksDbException e)
        {
            StoreLog.RepairFailed(logger, directory, e.Message);
        }

        RepairRequest.Clear(directory);
        if (TryOpen(directory, logger, out var repaired, out var afterRepair))
        {
            return Opened(repaired, StoreRecovery.Repaired, problem, copy, directory);
        }

        return Replace(directory, $"{problem}; after repair: {afterRepair}", logger, copy);
    }

    private static Result Opened(StoreDatabase database, StoreRecovery recovery, string? problem, string? damagedCopy, string directory) =>
        new(database, database.ReadOnly ? StoreMode.ReadOnly : StoreMode.ReadWrite, recovery, problem, damagedCopy,
            StoreCounts.ReadLast(database.Db, database.Meta, directory));

    /// <summary>Opens and checks the schema version; false with RocksDB's error when the database does not open.</summary>
    private static bool TryOpen(string directory, ILogger logger, [NotNullWhen(true)] out StoreDatabase? database, out string problem)
    {
        problem = "";
        try
        {
            database = StoreDatabase.Open(directory, logger);
        }
        catch (RocksDbException e)
        {
            database = null;
            problem = e.Message;
            return false;
        }

        try
        {
            StoreSchema.EnsureVersion(database.Db, database.Meta, directory, writable: true);
            return true;
        }
        catch (RocksDbException e)
        {
            database.Dispose();
            database = null;
            problem = "the schema version cannot be read: " + e.Message;
            return false;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The directory as it is, read only; Disabled when even that fails.</summary>
    private static Result OpenReadOnly(string directory, string reason, ILogger logger)
    {
        StoreDatabase database;
        try
        {
            database = StoreDatabase.OpenReadOnly(directory);
        }
        catch (RocksDbException e)
        {
            return Disabled(directory, $"{reason}, and it does not open read only: {e.Message}", logger);
        }

        try
        {
            StoreSchema.EnsureVersion(database.Db, database.Meta, directory, writable: false);
        }
        catch (RocksDbException e)
        {
            database.Dispose();
            return Disabled(directory, $"{reason}, and its schema version cannot be read: {e.Message}", logger);
        }
        catch
        {
            database.Dispose();
            throw;
        }

        return Opened(database, StoreRecovery.None, reason, damagedCopy: null, directory);
    }

    /// <summary>Moves the store aside (unless a copy of it was kept already, then removes it) and starts an empty one.</summary>
    private static Result Replace(string directory, string problem, ILogger logger, string? keptCopy)
    {
        try
        {
            if (keptCopy is null)
            {
                keptCopy = AsideName(directory);
                if (File.Exists(directory))
                {
                    File.Move(directory, keptCopy);
                }
                else
                {
                    Directory.Move(directory, keptCopy);
                }
            }
            else
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Disabled(directory, $"{problem}; it cannot be moved aside: {e.Message}", logger);
        }

        if (!TryOpen(directory, logger, out var database, out var failed))
        {
            return Disabled(directory, $"{problem}; an empty store does not open either: {failed}", logger);
        }

        // The counts file of the store replaced went with it; the new store starts with none of its own.
        return Opened(database, StoreRecovery.Replaced, problem, keptCopy, Directory.Exists(keptCopy) ? keptCopy : directory);
    }

    private static Result Disabled(string directory, string problem, ILogger logger)
    {
        StoreLog.Disabled(logger, directory, problem);
        return new Result(null, StoreMode.Disabled, StoreRecovery.None, problem, null, Directory.Exists(directory) ? StoreCounts.ReadLast(null, null, directory) : null);
    }

    /// <summary>A reason when CURRENT is missing but database files are there (a MANIFEST, SST, blob or WAL files).</summary>
    private static string? OrphanedFiles(string directory)
    {
        if (File.Exists(Path.Combine(directory, "CURRENT")))
        {
            return null;
        }

        string[] patterns = ["MANIFEST-*", "*.sst", "*.blob", "*.log"];
        var found = patterns.Sum(pattern => Directory.EnumerateFiles(directory, pattern).Count());
        return found == 0 ? null : $"CURRENT is missing, but {found} database files are in the directory";
    }

    /// <summary>Whether a file can be created in the directory (permissions, a read-only mount, an immutable directory; root included).</summary>
    private static bool IsWritable(string directory, out string reason)
    {
        reason = "";
        try
        {
            using (File.Create(Path.Combine(directory, $".write-probe-{Environment.ProcessId}"), 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"the directory is not writable: {e.Message}";
            return false;
        }
    }

    /// <summary>Copies the store as found before repair changes it; null (logged) when the copy cannot be made.</summary>
    private static string? KeepCopy(string directory, ILogger logger)
    {
        var copy = AsideName(directory);
        try
        {
            CopyDirectory(directory, copy);
            StoreLog.DamagedCopyKept(logger, copy);
            return copy;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            StoreLog.DamagedCopyFailed(logger, copy, e.Message);
            return null;
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

    /// <summary>"store.damaged-20261201T081500Z", with a suffix when that name is taken.</summary>
    private static string AsideName(string directory)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var name = $"{directory}.damaged-{stamp}";
        for (var n = 2; Directory.Exists(name) || File.Exists(name); n++)
        {
            name = $"{directory}.damaged-{stamp}-{n}";
        }

        return name;
    }
}
