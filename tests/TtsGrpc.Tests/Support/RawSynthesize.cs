using Google.Protobuf;
using Grpc.Core;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Tests.Support;

/// <summary>
/// Synthesize with a request built byte by byte, for what the generated client cannot send: a text
/// field that is not valid UTF-8 (the C# encoder would replace a lone surrogate before sending it).
/// </summary>
public static class RawSynthesize
{
    private static readonly Method<byte[], SynthesizeResponse> Method = new(
        MethodType.ServerStreaming,
        "tts.v1.TextToSpeech",
        "Synthesize",
        Marshallers.Create(bytes => bytes, bytes => bytes),
        Marshallers.Create(message => message.ToByteArray(), SynthesizeResponse.Parser.ParseFrom));

    private static readonly Method<byte[], SynthesizeResponse> StreamingMethod = new(
        MethodType.DuplexStreaming,
        "tts.v1.TextToSpeech",
        "StreamingSynthesize",
        Method.RequestMarshaller,
        Method.ResponseMarshaller);

    /// <summary>A StreamingSynthesizeRequest with an empty config (field 1).</summary>
    public static byte[] EmptyConfig { get; } = [0x0A, 0x00];

    /// <summary>A StreamingSynthesizeRequest whose text (2) holds exactly <paramref name="text"/>.</summary>
    public static byte[] PieceWithTextBytes(byte[] text) => Field(StreamingSynthesizeRequest.TextFieldNumber, text);

    /// <summary>A SynthesizeRequest whose only field, text (1), holds exactly <paramref name="text"/>.</summary>
    public static byte[] WithTextBytes(byte[] text) => Field(SynthesizeRequest.TextFieldNumber, text);

    /// <summary>StreamingSynthesize with messages given as bytes; returns what came back.</summary>
    public static async Task<List<SynthesizeResponse>> StreamAsync(ChannelBase channel, params byte[][] messages)
    {
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            StreamingMethod, null, new CallOptions(deadline: DateTime.UtcNow + SynthesisCall.Timeout));
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused the stream early; its status comes with the responses.
        }

        var responses = new List<SynthesizeResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            responses.Add(response);
        }

        return responses;
    }

    private static byte[] Field(int number, byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(number, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
        }

        return buffer.ToArray();
    }

    public static async Task<SynthesisCall> RunAsync(ChannelBase channel, byte[] request)
    {
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(
            Method, null, new CallOptions(deadline: DateTime.UtcNow + SynthesisCall.Timeout), request);
        var messages = new List<SynthesizeResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            messages.Add(message);
        }

        return new SynthesisCall(messages);
    }
}
