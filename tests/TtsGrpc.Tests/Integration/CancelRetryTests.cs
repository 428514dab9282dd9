using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Barge-in: a client cancels a long answer after its first audio and at once asks for the same text
/// again. The retry joins syntheses the cancelled call started; it must get them, never their cancellation.
/// </summary>
public sealed class CancelRetryTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    [Fact]
    public async Task Synthesize_CancelAfterFirstMessageThenRetry_FiftyTimesEveryRetryOk()
    {
        var tag = Random.Shared.Next(100_000, 999_999);
        for (var round = 0; round < 50; round++)
        {
            // A fresh text each round, so every round starts with its segments in flight rather than cached.
            var text = string.Join(" ", Enumerable.Range(1, 30).Select(i => $"Round {round} of {tag}, line {i}."));
            var request = new SynthesizeRequest { Text = text };
            using (var cancelled = new CancellationTokenSource())
            {
                using var call = _client.Synthesize(request, deadline: DateTime.UtcNow + SynthesisCall.Timeout, cancellationToken: cancelled.Token);
                Assert.True(await call.ResponseStream.MoveNext(Token), $"round {round}: no first message");
                await cancelled.CancelAsync();
            }

            SynthesisCall retry;
            try
            {
                retry = await SynthesisCall.RunAsync(_client, request);
            }
            catch (RpcException e)
            {
                Assert.Fail($"round {round}: the retry failed with {e.StatusCode} ({e.Status.Detail})");
                throw;
            }

            Assert.Equal(30, retry.Summary.SegmentsTotal);
            Assert.Equal(Enumerable.Range(0, 30), retry.Messages.Where(m => m.SegmentText.Length > 0).Select(m => m.SegmentIndex));
        }
    }
}
