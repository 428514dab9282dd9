using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

public sealed class StreamingSynthesizeTests(ServerFixture server)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    [Fact]
    public async Task StreamingSynthesize_OneWordAtATime_SpeaksBeforeTheInputEndsAndMatchesSynthesize()
    {
        var tag = Random.Shared.Next(100_000, 999_999);
        var text = $"The first sentence {tag} is short. The second one follows it. And a third closes the text.";
        var whole = await SynthesisCall.RunAsync(_client, new SynthesizeRequest { Text = text });
        var words = text.Split(' ');

        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = new SynthesizeRequest() }, Token);
        var sent = 0;
        while (!words[sent].EndsWith('.'))
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = (sent == 0 ? "" : " ") + words[sent++] }, Token);
        }

        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = " " + words[sent++] }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = " " + words[sent++] }, Token);
        Assert.True(await call.ResponseStream.MoveNext(Token).WaitAsync(TimeSpan.FromSeconds(30), Token), "no audio before the input ended");
        var messages = new List<SynthesizeResponse> { call.ResponseStream.Current };
        Assert.Equal($"The first sentence {tag} is short. ", messages[0].SegmentText);

        while (sent < words.Length)
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = " " + words[sent++] }, Token);
        }

        await call.RequestStream.CompleteAsync();
        await foreach (var message in call.ResponseStream.ReadAllAsync(Token))
        {
            messages.Add(message);
        }

        var streamed = new SynthesisCall(messages);
        // Byte identity holds only for cache hits: the reference is the earlier Synthesize call, whose segments
        // the stream must find cached (the same segments, hence the same keys); two fresh renders would differ.
        Assert.Equal(0, whole.Summary.SegmentsCached);
        Assert.Equal(3, streamed.Summary.SegmentsCached);
        Assert.Equal(whole.Audio, streamed.Audio);
        Assert.Equal(text, string.Concat(messages.Select(m => m.SegmentText)));
        Assert.Equal(3, streamed.Summary.SegmentsTotal);
        Assert.Single(messages, m => m.Summary is not null);
    }

    [Fact]
    public async Task StreamingSynthesize_FlushAndWav_SpeaksTheUnfinishedSentenceWithOneHeader()
    {
        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest
        {
            Config = new SynthesizeRequest { Text = "Hello without an end", Format = new AudioFormat { Encoding = AudioEncoding.Wav } },
            Flush = true,
        }, Token);
        Assert.True(await call.ResponseStream.MoveNext(Token).WaitAsync(TimeSpan.FromSeconds(30), Token), "flush did not speak");
        var messages = new List<SynthesizeResponse> { call.ResponseStream.Current };
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = " and more words." }, Token);
        await call.RequestStream.CompleteAsync();
        await foreach (var message in call.ResponseStream.ReadAllAsync(Token))
        {
            messages.Add(message);
        }

        var audio = new SynthesisCall(messages).Audio;
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        Assert.Equal(1, messages.Count(m => m.Audio.Length >= 4 && m.Audio.Span[..4].SequenceEqual("RIFF"u8)));
        Assert.Equal(["Hello without an end", " and more words."], messages.Where(m => m.SegmentText.Length > 0).Select(m => m.SegmentText));
        Assert.Equal((audio.Length - 44) / 2, messages[^1].Summary.AudioSamples);
    }

    [Fact]
    public async Task StreamingSynthesize_ClientGoesQuiet_EndsWithDeadlineExceededAfterItsAudioAndFreesTheSlot()
    {
        using var directory = new TempDirectory();
        // Configuration, not a sleep: the server gives up on a silent client after 1 s, and serves one call at a time.
        await using var quiet = await ServerFixture.StartAsync(
            directory.Path, "--Tts:Synthesis:IdleTimeoutSeconds=1", "--Tts:Synthesis:MaxConcurrentCalls=1");
        var client = new TextToSpeech.TextToSpeechClient(quiet.Channel);

        using var call = client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest
        {
            Config = new SynthesizeRequest { Text = "This sentence is spoken. " }, Flush = true,
        }, Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "This one never closes" }, Token);
        var messages = new List<SynthesizeResponse>();
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(Token).WaitAsync(TimeSpan.FromSeconds(30), Token))
            {
                messages.Add(call.ResponseStream.Current);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("No text for 1 s", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Tts:Synthesis:IdleTimeoutSeconds", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["This sentence is spoken. "], messages.Where(m => m.SegmentText.Length > 0).Select(m => m.SegmentText));
        Assert.True(new SynthesisCall(messages).Audio.Length > 22050, "the audio of the closed sentence did not arrive before the status");
        Assert.DoesNotContain(messages, m => m.Summary is not null);
        // The lease is given back before the status leaves the server, so the one slot is free now.
        Assert.NotEmpty((await SynthesisCall.RunAsync(client, new SynthesizeRequest { Text = "The slot is free again." })).Audio);
    }

    [Fact]
    public async Task StreamingSynthesize_TextBeforeConfig_IsInvalidArgument()
    {
        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: Token);
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = "Hello." }, Token);
        await call.RequestStream.CompleteAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("first message", error.Status.Detail, StringComparison.Ordinal);
    }
}
