namespace TtsGrpc.Storage;

/// <summary>What a read of the shared tier found: a verified value, nothing, or no answer (down, slow, failing).</summary>
public readonly record struct SharedRead(StoredAudio? Audio, bool Answered)
{
    public static SharedRead NoAnswer => new(null, Answered: false);

    public static SharedRead Missing => new(null, Answered: true);
}
