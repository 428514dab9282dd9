using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines.Piper.Internal;

namespace TtsGrpc.Core.Engines.Piper;

/// <summary>
/// Installs a voice of the Piper voice index (voices.json under <see cref="PiperOptions.DownloadUrl"/>) into the
/// voices directory. The model and its config are downloaded under temp names the library ignores, checked against
/// the index's size and MD5, and renamed into place config last, so a voice appears whole or not at all; a failed or
/// cancelled install removes what it wrote. Installs of one voice run one at a time: a second waits for the first,
/// then finds its files in place, checks them and downloads nothing.
/// </summary>
public sealed partial class PiperVoiceInstaller
{
    /// <summary>The HttpClient voices.json is fetched with; small, so retried on transient failures.</summary>
    public const string IndexClient = "TtsGrpc.Piper.Index";

    /// <summary>The HttpClient voice files are fetched with; no total timeout, a download that pauses too long is abandoned.</summary>
    public const string DownloadClient = "TtsGrpc.Piper.Download";

    /// <summary>The largest voices.json read; the public index is a few megabytes.</summary>
    public const int MaxIndexBytes = 64 << 20;

    private const int MaxNameLength = 200;
    private const int BufferBytes = 1 << 16;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly IHttpClientFactory _http;
    private readonly PiperVoiceLibrary _library;
    private readonly ILogger _logger;
    private readonly Uri _baseUrl;
    private readonly TimeSpan _stallTimeout;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _installs = new(StringComparer.Ordinal);

    public PiperVoiceInstaller(
        IHttpClientFactory http, PiperVoiceLibrary library, IOptions<PiperOptions> options, ILogger<PiperVoiceInstaller> logger)
    {
        _http = http;
        _library = library;
        _logger = logger;
        var url = options.Value.DownloadUrl.Trim();
        _baseUrl = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
        _stallTimeout = TimeSpan.FromSeconds(options.Value.DownloadStallSeconds);
    }

    /// <summary>
    /// Downloads and installs the voice the index lists under <paramref name="name"/> (a key, else an alias), reporting
    /// progress a few times a second; the last report carries the installed voice. Failures are <see cref="TtsException"/>s.
    /// </summary>
    public async IAsyncEnumerable<InstallProgress> InstallAsync(
        string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var voice = await FindAsync(CheckName(name), cancellationToken);
        var gate = _installs.GetOrAdd(voice.Stem, _ => new SemaphoreSlim(1, 1));
        if (!gate.Wait(0))
        {
            PiperInstallLog.Waiting(_logger, voice.Stem);
            await gate.WaitAsync(cancellationToken);
        }

        var staging = new InstallStaging(_library.Directory);
        try
        {
            PrepareDirectory(voice);
            var started = Stopwatch.GetTimestamp();
            var total = voice.Model.Size + voice.Config.Size;
            long done = 0, downloaded = 0;
            var buffer = new byte[BufferBytes];
            PiperInstallLog.Installing(_logger, voice.Stem, total, _baseUrl);
            foreach (var file in (PiperVoiceIndex.IndexedFile[])[voice.Model, voice.Config])
            {
                if (await IsInPlaceAsync(staging.Target(file.Name), file, cancellationToken))
                {
                    PiperInstallLog.AlreadyInPlace(_logger, staging.Target(file.Name));
                    done += file.Size;
                    yield return new InstallProgress(file.Name, file.Size, file.Size, done, total);
                    continue;
                }

                var url = FileUrl(file);
                var temp = staging.Stage(file.Name);
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var response = await OpenAsync(url, file, stall, cancellationToken);
                await using var body = await BodyAsync(response, url, file, stall, cancellationToken);
                await using var output = CreateTemp(temp);
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                long fileDone = 0;
                var reported = Stopwatch.GetTimestamp();
                yield return new InstallProgress(file.Name, 0, file.Size, done, total);
                int read;
                while ((read = await ReadAsync(body, buffer, url, file, fileDone, stall, cancellationToken)) > 0)
                {
                    if (fileDone + read > file.Size)
                    {
                        throw SizeMismatch(url, file, $"more than {file.Size}");
                    }

                    md5.AppendData(buffer, 0, read);
                    await WriteAsync(output, buffer.AsMemory(0, read), temp, cancellationToken);
                    fileDone += read;
                    done += read;
                    if (Stopwatch.GetElapsedTime(reported) >= ProgressInterval)
                    {
                        reported = Stopwatch.GetTimestamp();
                        yield return new InstallProgress(file.Name, fileDone, file.Size, done, total);
                    }
                }

                Verify(url, file, fileDone, md5.GetHashAndReset());
                Flush(output, temp);
                downloaded += fileDone;
                yield return new InstallProgress(file.Name, fileDone, file.Size, done, total);
            }

            staging.Commit();
            _library.Refresh();
            var installed = _library.Get(voice.Stem) ?? throw new TtsException(
                TtsErrorKind.FailedPrecondition,
                $"Voice {voice.Stem} was installed into {_library.Directory}, but its files were gone right after; install it again.");
            PiperInstallLog.Installed(
                _logger, voice.Stem, _library.Directory, downloaded, Stopwatch.GetElapsedTime(started).TotalSeconds,
                installed.Problem is { } problem ? "; it cannot be used: " + problem : "");
            yield return new InstallProgress(voice.Config.Name, voice.Config.Size, voice.Config.Size, total, total) { Voice = installed };
        }
        finally
        {
            staging.Dispose();
            gate.Release();
        }
    }

    /// <summary>A name must be one key of the index: it becomes part of URLs and file names, so paths are refused.</summary>
    private static string CheckName(string name)
    {
        var key = name.Trim();
        if (key.Length == 0)
        {
            throw TtsException.Invalid("Name the voice to install: a key of the Piper voice index such as en_US-lessac-medium.");
        }

        if (key.Length > MaxNameLength)
        {
            throw TtsException.Invalid($"The voice name has {key.Length} characters; a key of the voice index has at most {MaxNameLength}.");
        }

        if (key.Contains('/') || key.Contains('\\') || key.Contains("..", StringComparison.Ordinal) || key.Any(char.IsControl))
        {
            throw TtsException.Invalid(
                $"'{key}' is not a voice key: a key is one name such as en_US-lessac-medium, without path separators or '..'.");
        }

        return key;
    }

    /// <summary>Creates the voices directory if it went away, and removes this voice's temp files left by a killed install.</summary>
    private void PrepareDirectory(PiperVoiceIndex.IndexedVoice voice)
    {
        try
        {
            Directory.CreateDirectory(_library.Directory);
            var abandonedAfter = _stallTimeout + TimeSpan.FromMinutes(1);
            foreach (var file in (PiperVoiceIndex.IndexedFile[])[voice.Model, voice.Config])
            {
                foreach (var path in InstallStaging.RemoveAbandoned(_library.Directory, file.Name, abandonedAfter))
                {
                    PiperInstallLog.RemovedAbandoned(_logger, path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(_library.Directory, e);
        }
    }

    /// <summary>Whether <paramref name="path"/> already holds exactly the file the index describes.</summary>
    private static async Task<bool> IsInPlaceAsync(string path, PiperVoiceIndex.IndexedFile file, CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length != file.Size)
            {
                return false;
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);
            return Convert.ToHexStringLower(await MD5.HashDataAsync(stream, cancellationToken)) == file.Md5;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // unreadable: downloaded again, and the rename replaces it
        }
    }

    private static FileStream CreateTemp(string path)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(path, e);
        }
    }

    private static async Task WriteAsync(FileStream output, ReadOnlyMemory<byte> bytes, string path, CancellationToken cancellationToken)
    {
        try
        {
            await output.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException e)
        {
            throw CannotWrite(path, e);
        }
    }

    /// <summary>To the disk before the rename, so a crash right after it cannot leave a voice file short.</summary>
    private static void Flush(FileStream output, string path)
    {
        try
        {
            output.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw CannotWrite(path, e);
        }
    }

    private static TtsException CannotWrite(string path, Exception e) => new(
        TtsErrorKind.FailedPrecondition,
        $"Cannot write {path} ({e.Message}); check the free space and permissions of the voices directory (Tts:Engines:Piper:VoicesDirectory), then install again.");
}
