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

    /// <summary>A SynthesizeRequest whose only field, text (1), holds exactly <paramref name="text"/>.</summary>
    public static byte[] WithTextBytes(byte[] text)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(SynthesizeRequest.TextFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(text));
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
