using System.Text.Json;
using Google.Protobuf;

namespace TtsGrpc.Tests.Support;

/// <summary>How a voice index misbehaves when it serves a voice's model.</summary>
public enum VoiceFault
{
    None,

    /// <summary>The model is served with one byte changed: same length, another MD5.</summary>
    CorruptModel,

    /// <summary>The index lists the model one byte longer than it is.</summary>
    WrongSizeListed,

    /// <summary>The first request for the model gets half of it, then the connection is aborted; later ones get it whole.</summary>
    DropModelOnce,

    /// <summary>Half of the model is sent, then nothing more until the client gives up.</summary>
    HangModel,
}

/// <summary>
/// A Piper voice for installer tests: a model file with Piper's interface (inputs input, input_lengths, scales, and
/// sid for several speakers; one float output) and random "weights", and a config that drives inference. The
/// files are the interface only; they are not a trained voice.
/// </summary>
public sealed record StandInPiperVoice(string Key, byte[] Model, byte[] Config)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public VoiceFault Fault { get; init; }

    public string Language => Key.Split('-')[0];

    public string Quality => Key.Split('-')[^1];

    /// <summary>Where the public index keeps it: language family / language / dataset / quality.</summary>
    public string Folder => $"{Language.Split('_')[0]}/{Language}/{Key.Split('-')[1]}/{Quality}";

    public string ModelPath => $"{Folder}/{Key}.onnx";

    public string ConfigPath => ModelPath + ".json";

    public string CardPath => $"{Folder}/MODEL_CARD";

    /// <summary>
    /// A voice keyed "language_REGION-dataset-quality" ("en_US-test-medium"), with <paramref name="speakers"/> named
    /// speakers (none: one speaker) and a model of about <paramref name="weightBytes"/> bytes.
    /// </summary>
    public static StandInPiperVoice Create(string key, int sampleRate = 22050, string[]? speakers = null, int weightBytes = 1 << 20)
    {
        speakers ??= [];
        var weights = new byte[weightBytes];
        Random.Shared.NextBytes(weights);
        return new StandInPiperVoice(key, ModelBytes(weights, speakers.Length > 1), ConfigBytes(key, sampleRate, speakers));
    }

    /// <summary>An ONNX ModelProto with one graph: Piper's inputs and output, and one initializer holding the weights.</summary>
    private static byte[] ModelBytes(byte[] weights, bool multiSpeaker)
    {
        const int Float = 1, Int64 = 7;
        var graph = new MemoryStream();
        using (var output = new CodedOutputStream(graph, leaveOpen: true))
        {
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString("stand-in piper voice");
            output.WriteTag(5, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(2, WireFormat.WireType.Varint);
                o.WriteInt32(Float);
                o.WriteTag(8, WireFormat.WireType.LengthDelimited);
                o.WriteString("weights");
                o.WriteTag(9, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(weights));
            }));
            (string Name, int Type)[] inputs = [("input", Int64), ("input_lengths", Int64), ("scales", Float), .. multiSpeaker ? [("sid", Int64)] : Array.Empty<(string, int)>()];
            foreach (var (name, type) in inputs)
            {
                output.WriteTag(11, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ValueInfo(name, type));
            }

            output.WriteTag(12, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ValueInfo("output", Float));
        }

        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteInt64(8); // ir_version
            o.WriteTag(7, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(graph.ToArray()));
        }).ToByteArray();
    }

    private static ByteString ValueInfo(string name, int elementType) => Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.LengthDelimited);
        o.WriteString(name);
        o.WriteTag(2, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(Message(type =>
        {
            type.WriteTag(1, WireFormat.WireType.LengthDelimited);
            type.WriteBytes(Message(tensor =>
            {
                tensor.WriteTag(1, WireFormat.WireType.Varint);
                tensor.WriteInt32(elementType);
            }));
        }));
    });

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(stream.ToArray());
    }

    private static byte[] ConfigBytes(string key, int sampleRate, string[] speakers)
    {
        var language = key.Split('-')[0];
        var ids = new Dictionary<string, long[]> { ["_"] = [0], ["^"] = [1], ["$"] = [2], [" "] = [3] };
        foreach (var (phoneme, i) in "abdefhiklmnoprstuvwzæðŋɐɑɔəɛɪʊʌˈˌː".Select((c, i) => (c.ToString(), i)))
        {
            ids[phoneme] = [14 + i];
        }

        var config = new Dictionary<string, object>
        {
            ["audio"] = new { sample_rate = sampleRate, quality = key.Split('-')[^1] },
            ["espeak"] = new { voice = language.Replace('_', '-').ToLowerInvariant() },
            ["language"] = new { code = language },
            ["inference"] = new { noise_scale = 0.667, length_scale = 1, noise_w = 0.8 },
            ["phoneme_type"] = "espeak",
            ["phoneme_map"] = new Dictionary<string, string[]>(),
            ["phoneme_id_map"] = ids,
            ["num_symbols"] = 256,
            ["num_speakers"] = Math.Max(1, speakers.Length),
            ["speaker_id_map"] = speakers.Select((name, id) => (name, id)).ToDictionary(s => s.name, s => s.id),
            ["dataset"] = key.Split('-')[1],
        };
        return JsonSerializer.SerializeToUtf8Bytes(config, new JsonSerializerOptions { WriteIndented = true });
    }
}
