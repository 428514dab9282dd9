using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Benchmarks.Internal;

/// <summary>Reads a whole Synthesize stream: what the set-ups check (segments, cached) and a result to return (bytes).</summary>
internal static class SynthesisReader
{
    public static async Task<(int Segments, int Cached, long Bytes)> ReadAllAsync(TextToSpeech.TextToSpeechClient client, SynthesizeRequest request)
    {
        using var call = client.Synthesize(request);
        long bytes = 0;
        SynthesisSummary? summary = null;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            bytes += message.Audio.Length;
            summary = message.Summary ?? summary;
        }

        return (summary?.SegmentsTotal ?? 0, summary?.SegmentsCached ?? 0, bytes);
    }
}
