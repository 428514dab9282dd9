using Microsoft.Extensions.Logging;

namespace TtsGrpc.Storage.Internal;

internal static partial class StoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Segment store opened in {Directory}: {Entries} entries, {StoredBytes} of {CapacityBytes} bytes, blob files {BlobFiles}")]
    public static partial void Opened(ILogger logger, string directory, long entries, long storedBytes, long capacityBytes, bool blobFiles);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Blob files could not be enabled for the audio column family; values stay in SST files")]
    public static partial void BlobFilesUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Corrupt audio entry {Key} ({Error}); it is removed and will be synthesized again")]
    public static partial void CorruptEntry(ILogger logger, string key, FrameError error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Segment store {Operation} failed")]
    public static partial void WriteFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Segment store read of {Key} failed")]
    public static partial void ReadFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Write to the segment store after it was disposed; ignored")]
    public static partial void WriteAfterDispose(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Empty audio for {Key} is not stored")]
    public static partial void EmptyAudioRejected(ILogger logger, string key);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "Audio entry {Key} of {StoredBytes} bytes exceeds the store capacity of {CapacityBytes} bytes; not stored")]
    public static partial void EntryTooLarge(ILogger logger, string key, long storedBytes, long capacityBytes);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug,
        Message = "Evicted {Count} least recently used entries ({StoredBytes} bytes); {Remaining} bytes stored")]
    public static partial void Evicted(ILogger logger, int count, long storedBytes, long remaining);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Segment store cleared: {Count} entries removed")]
    public static partial void Cleared(ILogger logger, long count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information,
        Message = "Segment store validated: {Scanned} scanned, {Corrupt} corrupt, {Removed} removed")]
    public static partial void Validated(ILogger logger, long scanned, long corrupt, long removed);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Audio for {Key} cannot be framed; not stored")]
    public static partial void InvalidAudio(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Corrupt voice record {Id} ({Error}); it and its pin are removed")]
    public static partial void CorruptVoice(ILogger logger, string id, FrameError error);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Voice {Id} cannot be framed; not stored")]
    public static partial void InvalidVoice(ILogger logger, string? id, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Voices cleared: {Count} records removed")]
    public static partial void VoicesCleared(ILogger logger, long count);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information,
        Message = "Voices validated: {Scanned} scanned, {Corrupt} corrupt, {Removed} removed")]
    public static partial void VoicesValidated(ILogger logger, long scanned, long corrupt, long removed);

    [LoggerMessage(EventId = 17, Level = LogLevel.Error, Message = "The store in {Directory} does not open: {Problem}; trying RocksDB's repair")]
    public static partial void OpenFailed(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "RocksDB's repair of the store in {Directory} failed: {Problem}")]
    public static partial void RepairFailed(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "The store as found before repair is kept at {Copy}")]
    public static partial void DamagedCopyKept(ILogger logger, string copy);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error,
        Message = "The store could not be copied to {Copy} before repair ({Problem}); repairing it in place (RocksDB keeps what it drops in lost/)")]
    public static partial void DamagedCopyFailed(ILogger logger, string copy, string problem);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error,
        Message = "The store in {Directory} cannot be used ({Problem}); running without one: audio is kept in memory only and voices cannot be created or loaded")]
    public static partial void Disabled(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "The store in {Directory} is {Mode}: writes are refused and counted in write_failures (logged once)")]
    public static partial void WritesRefused(ILogger logger, StoreMode mode, string directory);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning,
        Message = "The store in {Directory} opened read only ({Problem}): stored audio and voices are served, new ones are not stored")]
    public static partial void OpenedReadOnly(ILogger logger, string directory, string problem);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning,
        Message = "The store in {Directory} was repaired ({Problem}); the store as found is kept at {Copy}. " +
                  "Run ValidateCache to remove the entries repair could not bring back (audio in blob files among them)")]
    public static partial void Repaired(ILogger logger, string directory, string problem, string copy);

    [LoggerMessage(EventId = 25, Level = LogLevel.Error,
        Message = "The store in {Directory} could not be opened or repaired ({Problem}); it was moved to {Copy} and an empty store started. " +
                  "Its created voices are not served until it is restored (docs/faults.md)")]
    public static partial void Replaced(ILogger logger, string directory, string problem, string copy);

    [LoggerMessage(EventId = 26, Level = LogLevel.Error,
        Message = "{Lost} of {Expected} created voices in the last count record are missing from the store ({Found} found); " +
                  "restore them from {Copy} or a backup (docs/faults.md)")]
    public static partial void VoicesLost(ILogger logger, long lost, long expected, long found, string copy);

    [LoggerMessage(EventId = 27, Message = "Store opened with {Segments} segments / {Voices} voices; the last count record ({Shutdown}) said {ExpectedSegments} / {ExpectedVoices}")]
    public static partial void CountsDiffer(
        ILogger logger, LogLevel level, long segments, long voices, string shutdown, long expectedSegments, long expectedVoices);

    [LoggerMessage(EventId = 28, Level = LogLevel.Warning, Message = "Unreadable {What} entry {Key}: {Problem}; counted corrupt")]
    public static partial void UnreadableEntry(ILogger logger, string what, string key, string problem);

    [LoggerMessage(EventId = 29, Level = LogLevel.Error,
        Message = "The {What} scan stopped early after {Scanned} entries: {Problem}; entries past it could not be checked")]
    public static partial void ScanStopped(ILogger logger, string what, long scanned, string problem);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Validating {What}: {Scanned} of about {Total} entries checked, {Corrupt} corrupt so far")]
    public static partial void ValidationProgress(ILogger logger, string what, long scanned, long total, long corrupt);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Blob file {File} needed by stored audio is missing; its entries are removed")]
    public static partial void MissingBlobFile(ILogger logger, string file);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning,
        Message = "Validation found damage; stored totals recounted from the access index: {Entries} entries, {StoredBytes} bytes")]
    public static partial void TotalsRecounted(ILogger logger, long entries, long storedBytes);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning,
        Message = "The entry counts cannot be written to {Path} ({Problem}); they are kept in the store only (logged once)")]
    public static partial void CountsFileFailed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Repairing the store in {Directory} as a validation asked: {Reason}")]
    public static partial void RepairRequested(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 35, Level = LogLevel.Error,
        Message = "Validation found damage it cannot remove while the store is open ({Reason}); the store will be repaired at the next start: restart the server to do it now")]
    public static partial void RepairAtNextStart(ILogger logger, string reason);

    [LoggerMessage(EventId = 36, Level = LogLevel.Error,
        Message = "Validation found damage it cannot remove while the store is open ({Reason}), and the repair request cannot be written to {Path}")]
    public static partial void RepairRequestFailed(ILogger logger, string reason, string path);

    [LoggerMessage(EventId = 37, Level = LogLevel.Warning, Message = "Corrupt embedding {Hash} ({Error}); it is removed")]
    public static partial void CorruptEmbedding(ILogger logger, string hash, FrameError error);

    [LoggerMessage(EventId = 38, Level = LogLevel.Warning, Message = "Embedding {Name} cannot be framed; not stored")]
    public static partial void InvalidEmbedding(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 39, Level = LogLevel.Information,
        Message = "Embeddings validated: {Scanned} scanned, {Corrupt} corrupt, {Removed} removed")]
    public static partial void EmbeddingsValidated(ILogger logger, long scanned, long corrupt, long removed);
}
