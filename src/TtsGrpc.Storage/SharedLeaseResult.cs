namespace TtsGrpc.Storage;

/// <summary>An attempt at a segment's lease: taken (with the token that releases it), held by another replica, or no answer.</summary>
public readonly record struct SharedLeaseResult(string? Token, bool Answered)
{
    public bool Taken => Token is not null;
}
