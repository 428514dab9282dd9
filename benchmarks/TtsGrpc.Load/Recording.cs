using Google.Protobuf;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load;

/// <summary>
/// The real server's answers to the workload, message by message, in a file the bare server loads:
/// per request, the request, its message count, then its messages (all length-delimited protobuf).
/// </summary>
internal static class Recording
{
    public static void Write(string path, IReadOnlyList<(SynthesizeRequest Request, IReadOnlyList<SynthesizeResponse> Messages)> answers)
    {
        using var file = File.Create(path);
        using var output = new CodedOutputStream(file);
        output.WriteInt32(answers.Count);
        foreach (var (request, messages) in answers)
        {
            output.WriteMessage(request);
            output.WriteInt32(messages.Count);
            foreach (var message in messages)
            {
                output.WriteMessage(message);
            }
        }
    }

    public static Dictionary<ByteString, SynthesizeResponse[]> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var input = new CodedInputStream(file);
        var answers = new Dictionary<ByteString, SynthesizeResponse[]>();
        for (var count = input.ReadInt32(); count > 0; count--)
        {
            var request = new SynthesizeRequest();
            input.ReadMessage(request);
            var messages = new SynthesizeResponse[input.ReadInt32()];
            for (var i = 0; i < messages.Length; i++)
            {
                messages[i] = new SynthesizeResponse();
                input.ReadMessage(messages[i]);
            }

            answers[request.ToByteString()] = messages;
        }

        return answers;
    }
}
