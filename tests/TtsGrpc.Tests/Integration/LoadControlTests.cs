using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>Cancellation stops a call's pending work; past the call limit, calls are refused at once.</summary>
public sealed class LoadControlTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Synthesize_ClientCancelsALongText_EngineStopsBeingCalled()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path);
        var counters = server.Services.GetRequiredService<SynthesisCounters>();
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var text = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"Sentence number {i} is one of forty."));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        using (var call = client.Synthesize(new SynthesizeRequest { Text = text }, cancellationToken: cancel.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            await cancel.CancelAsync();
        }

        // Work already handed to the engine may finish (slowly on a busy machine); then the count must hold still.
        var afterCancel = counters.EngineCalls;
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(250, Token);
            if (counters.EngineCalls == afterCancel)
            {
                break;
            }

            afterCancel = counters.EngineCalls;
        }

        await Task.Delay(1500, Token);

        Assert.Equal(afterCancel, counters.EngineCalls);
        Assert.True(afterCancel < 10, $"{afterCancel} of 40 segments were synthesized for a call cancelled after its first message");
    }

    [Fact]
    public async Task Synthesize_ReaderStops_ServerStopsSynthesizingAheadAndResumesWithIt()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path);
        var counters = server.Services.GetRequiredService<SynthesisCounters>();
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);
        var text = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"Slow reader sentence {i} of forty is here."));

        using var call = client.Synthesize(new SynthesizeRequest { Text = text }, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        Assert.True(await call.ResponseStream.MoveNext(Token));
        await Task.Delay(2000, Token); // the client reads nothing: HTTP/2 flow control and the look-ahead hold the server back

        var whilePaused = counters.EngineCalls;
        TestContext.Current.TestOutputHelper?.WriteLine($"engine calls while the reader paused: {whilePaused} of 40");
        var segments = new HashSet<int> { call.ResponseStream.Current.SegmentIndex };
        while (await call.ResponseStream.MoveNext(Token))
        {
            segments.Add(call.ResponseStream.Current.SegmentIndex);
        }

        Assert.True(whilePaused < 20, $"{whilePaused} of 40 segments were synthesized for a reader that stopped after one message");
        Assert.Equal(40, segments.Count);
    }

    [Fact]
    public async Task Synthesize_PastTheCallLimit_IsRefusedAtOnceWithARetryHint()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, "--Tts:Synthesis:MaxConcurrentCalls=1");
        var client = new TextToSpeech.TextToSpeechClient(server.Channel);

        using (var open = client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token))
        {
            await open.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = new SynthesizeRequest() }, Token);
            await WaitUntilAsync(() => server.Services.GetRequiredService<Server.Services.CallLimiter>().Active == 1);

            var refused = await Assert.ThrowsAsync<RpcException>(() => SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Hello." }));

            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("limit of 1", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("1000", refused.Trailers.GetValue("grpc-retry-pushback-ms"));
            await open.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "Goodbye." }, Token);
            await open.RequestStream.CompleteAsync();
            await foreach (var _ in open.ResponseStream.ReadAllAsync(Token))
            {
            }
        }

        await WaitUntilAsync(() => server.Services.GetRequiredService<Server.Services.CallLimiter>().Active == 0);
        Assert.NotEmpty((await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "Hello." })).Audio);
    }

    [Fact]
    public async Task CreateVoice_PastTheUploadLimit_IsRefusedAtOnceWithARetryHint()
    {
        using var directory = new TempDirectory();
        await using var server = await ServerFixture.StartAsync(directory.Path, "--Tts:Voices:MaxConcurrentUploads=1");
        var uploads = server.Services.GetRequiredService<Server.Services.UploadLimiter>();
        var voices = new Voices.VoicesClient(server.Channel);

        Voice created;
        using (var open = voices.CreateVoice(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token))
        {
            await open.RequestStream.WriteAsync(new CreateVoiceRequest { Config = new VoiceConfig { Name = "first" } }, Token);
            await WaitUntilAsync(() => uploads.Active == 1);

            var refused = await VoiceUploads.RefusedAsync(
                server.Channel, new CreateVoiceRequest { Config = new VoiceConfig { Name = "second" } },
                new CreateVoiceRequest { Audio = Google.Protobuf.ByteString.CopyFrom(VoiceUploads.Reference) });

            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("limit of 1 voice uploads", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("Tts:Voices:MaxConcurrentUploads", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("retry in 1 s", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("1000", refused.Trailers.GetValue("grpc-retry-pushback-ms"));
            await open.RequestStream.WriteAsync(new CreateVoiceRequest { Audio = Google.Protobuf.ByteString.CopyFrom(VoiceUploads.Reference) }, Token);
            await open.RequestStream.CompleteAsync();
            created = await open.ResponseAsync.WaitAsync(SynthesisCall.Timeout, Token);
        }

        Assert.Equal(0, uploads.Active);
        Assert.Equal(created.Id, (await VoiceUploads.CreateAsync(server.Channel, VoiceUploads.Reference)).Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Token);
        }

        Assert.True(condition(), "the server did not reach the expected state in 5 s");
    }
}
