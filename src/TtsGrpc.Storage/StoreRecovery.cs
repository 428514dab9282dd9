namespace TtsGrpc.Storage;

/// <summary>What had to be done at start for the database to open.</summary>
public enum StoreRecovery
{
    /// <summary>It opened as it was.</summary>
    None,

    /// <summary>It did not open; RocksDB's repair rebuilt it in place (a copy of it as found was kept first).</summary>
    Repaired,

    /// <summary>It did not open even after repair, or was not a directory: it was moved aside and an empty store started.</summary>
    Replaced,
}
