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
}
