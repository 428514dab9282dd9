namespace TtsGrpc.Storage;

/// <summary>How the database could be opened at start.</summary>
public enum StoreMode
{
    /// <summary>Read and written as usual.</summary>
    ReadWrite,

    /// <summary>The directory is not writable: stored audio and voices are served, nothing new is stored.</summary>
    ReadOnly,

    /// <summary>No usable store: audio lives in memory only and voices cannot be created.</summary>
    Disabled,
}
