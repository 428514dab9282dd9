using Grpc.Core;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>StreamingSynthesize: messages in the wrong order or with nothing to speak.</summary>
public sealed partial class BadInputTests
{
    public static TheoryData<string> BadStreamNames => [.. BadStreams().Keys];

    private static Dictionary<string, (StreamingSynthesizeRequest[] Messages, StatusCode Code, string Reason)> BadStreams()
    {
        static StreamingSynthesizeRequest Config(SynthesizeRequest? request = null, bool flush = false) =>
            new() { Config = request ?? new SynthesizeRequest(), Flush = flush };
        static StreamingSynthesizeRequest Text(string text, bool flush = false) => new() { Text = text, Flush = flush };

        return new()
        {
            ["no message at all"] = ([], StatusCode.InvalidArgument, "first message"),
            ["text before config"] = ([Text("Hello."), Config()], StatusCode.InvalidArgument, "first message"),
            ["flush before config"] = ([new StreamingSynthesizeRequest { Flush = true }, Config()], StatusCode.InvalidArgument, "first message"),
            ["config twice"] = ([Config(), Text("Hello"), Config(), Text(" there.")], StatusCode.InvalidArgument, "Only the first message"),
            ["config only"] = ([Config()], StatusCode.InvalidArgument, "No text arrived"),
            ["empty pieces only"] = ([Config(), Text(""), Text("", flush: true), Text("")], StatusCode.InvalidArgument, "No text arrived"),
            ["whitespace pieces only"] = ([Config(new SynthesizeRequest { Text = " " }), Text("\n\t"), Text("  ", flush: true)], StatusCode.InvalidArgument, "No text arrived"),
            ["control-character pieces only"] = ([Config(), Text("\u0001\u0002"), Text("\u0007", flush: true)], StatusCode.InvalidArgument, "No text arrived"),
            ["one piece over the limit"] = ([Config(), Text(new string('a', 100_001))], StatusCode.InvalidArgument, "limit of 100000"),
            ["NaN speed in the config"] = ([Config(new SynthesizeRequest { Speed = float.NaN }), Text("Hello.")], StatusCode.InvalidArgument, "speed"),
            ["unsupported rate in the config"] = ([Config(new SynthesizeRequest { Format = new AudioFormat { SampleRateHz = 11000 } }), Text("Hello.")], StatusCode.InvalidArgument, "11000"),
            ["unknown voice in the config"] = ([Config(new SynthesizeRequest { Voice = "nobody" }), Text("Hello.")], StatusCode.NotFound, "nobody"),
        };
    }

    [Theory]
    [MemberData(nameof(BadStreamNames))]
    public async Task StreamingSynthesize_BadStream_GetsItsStatusStoresNothingAndTheServerKeepsServing(string name)
    {
        var (messages, expected, reason) = BadStreams()[name];
        var before = await EntriesAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => StreamAsync(messages));

        Assert.True(expected == error.StatusCode, $"{name}: got {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains(reason, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await EntriesAsync());
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task StreamingSynthesize_EmptyAndFlushOnlyPiecesAmongWords_SpeaksTheWordsInOrder()
    {
        StreamingSynthesizeRequest Text(string text, bool flush = false) => new() { Text = text, Flush = flush };

        var messages = await StreamAsync(
        [
            new StreamingSynthesizeRequest { Config = new SynthesizeRequest() },
            Text(""), Text("Empty pieces "), Text(""), Text("do no harm."), Text("", flush: true), Text(""), Text(" Nor do flushes."), Text(""),
        ]);

        Assert.Equal("Empty pieces do no harm. Nor do flushes.", string.Concat(messages.Select(m => m.SegmentText)));
        Assert.True(new SynthesisCall(messages).Audio.Length > 4000);
        Assert.Single(messages, m => m.Summary is not null);
    }

    [Fact]
    public async Task StreamingSynthesize_PieceThatIsNotValidUtf8_IsInvalidArgumentAndTheServerKeepsServing()
    {
        var before = await EntriesAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => RawSynthesize.StreamAsync(
            own.Server.Channel, RawSynthesize.EmptyConfig, RawSynthesize.PieceWithTextBytes([.. "Hello "u8, 0xED, 0xA0, 0x80, .. "."u8])));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"got {error.StatusCode} '{error.Status.Detail}'");
        Assert.Contains("StreamingSynthesizeRequest message could not be parsed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await EntriesAsync());
        await AssertStillServesAsync();
    }

    private async Task<List<SynthesizeResponse>> StreamAsync(StreamingSynthesizeRequest[] messages)
    {
        using var call = _client.StreamingSynthesize(deadline: DateTime.UtcNow + SynthesisCall.Timeout, cancellationToken: Token);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message, Token);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call early (it refused the stream); its status comes with the responses.
        }
        catch (InvalidOperationException)
        {
            // Same: the call is already complete, so no more messages can be written.
        }

        var responses = new List<SynthesizeResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
        {
            responses.Add(response);
        }

        return responses;
    }
}
