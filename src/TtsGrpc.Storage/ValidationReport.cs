namespace TtsGrpc.Storage;

public sealed record ValidationReport(long Scanned, long Corrupt, long Removed);
