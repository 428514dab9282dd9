using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Tests.Support;

/// <summary>Everything one Synthesize call streamed back.</summary>
public sealed record SynthesisCall(IReadOnlyList<SynthesizeResponse> Messages)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public byte[] Audio => [.. Messages.SelectMany(m => m.Audio.ToByteArray())];

    public SynthesisSummary Summary => Messages[^1].Summary;

    public static async Task<SynthesisCall> RunAsync(TextToSpeech.TextToSpeechClient client, SynthesizeRequest request)
    {
        using var call = client.Synthesize(request, deadline: DateTime.UtcNow + Timeout);
        var messages = new List<SynthesizeResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            messages.Add(message);
        }

        return new SynthesisCall(messages);
    }
}
