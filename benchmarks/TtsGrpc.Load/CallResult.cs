using Grpc.Core;

namespace TtsGrpc.Load;

/// <summary>One measured call: when its first audio came, when it ended, what it carried, how it ended.</summary>
internal readonly record struct CallResult(double FirstAudioMs, double TotalMs, long Bytes, StatusCode Status, string? ClientError);
