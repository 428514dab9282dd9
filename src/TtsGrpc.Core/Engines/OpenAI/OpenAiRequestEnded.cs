namespace TtsGrpc.Core.Engines.OpenAI;

/// <summary>One speech request to the upstream finished: how long it took, retries included, and why it failed (null: it did not).</summary>
public sealed class OpenAiRequestEnded(double milliseconds, string? failure) : EventArgs
{
    public double Milliseconds { get; } = milliseconds;

    /// <summary>One of <see cref="UpstreamFailure"/>'s reasons, or null for a request that returned audio.</summary>
    public string? Failure { get; } = failure;
}
