using TtsGrpc.Storage.Internal;

namespace TtsGrpc.Storage;

public sealed partial class EmbeddingStore
{
    /// <summary>
    /// Decodes every embedding; values that fail validation are removed and counted in <see cref="Corrupt"/>. A
    /// scan that RocksDB stops early (a damaged file) is reported in <see cref="ValidationReport.Error"/> and asks
    /// for a repair at the next start. A disabled store reports nothing scanned.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="LocalStore"/> was disposed.</exception>
    public ValidationReport Validate()
    {
        if (_handle.Mode == StoreMode.Disabled)
        {
            return new ValidationReport(0, 0, 0) { Error = "the store is disabled" };
        }

        _handle.EnterOrThrow(nameof(EmbeddingStore));
        try
        {
            if (_handle.Embeddings is not { } family)
            {
                return new ValidationReport(0, 0, 0);
            }

            var scan = new ValidationScan(_logger, "embeddings", Count, _handle.Directory, CancellationToken.None);
            using (var iterator = Db.NewIterator(family))
            {
                for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
                {
                    scan.Next();
                    byte[] key = iterator.Key();
                    byte[] value = iterator.Value();
                    if (TryDecode(key, value, out _, out var error))
                    {
                        continue;
                    }

                    CorruptFound(System.Text.Encoding.ASCII.GetString(key), error);
                    scan.CorruptFound(RemoveCorrupt(key, value));
                }

                scan.Stopped(StoreHandle.IteratorError(iterator), "embeddings");
            }

            var report = _handle.RequestRepairIfStopped(scan.Report());

            StoreLog.EmbeddingsValidated(_logger, report.Scanned, report.Corrupt, report.Removed);
            return report;
        }
        finally
        {
            _handle.Exit();
        }
    }
}
