using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>The models tools/models/piper_voice.py writes, run directly through ONNX Runtime, against their contract.</summary>
public sealed class PiperStandInTests(ITestOutputHelper output) : IDisposable
{
    // "^ _ h _ ɛ _ l _ oʊ $" as Piper sends it: bos, pad after each phoneme, eos.
    private static readonly long[] Hello = [1, 0, 20, 0, 61, 0, 24, 0, 27, 0, 100, 0, 2];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void StandIn_OneRow_RevealsIdsLengthAndScales()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "single"));

        var (samples, shape, _) = Run(session, [Hello], [Hello.Length], [0.667f, 1f, 0.8f]);

        Assert.Equal([1L, 1, 1, PiperStandIns.ExpectedSamples(Hello.Length, 1f)], shape);
        var decoded = PiperStandIns.Decode(samples);
        Assert.Equal(Hello, decoded.Ids);
        Assert.Equal(Hello.Length, decoded.Length);
        Assert.Null(decoded.Speaker);
        Assert.Equal(2, decoded.FramesPerId);
        Assert.Equal(0.667, decoded.NoiseScale, 1e-6);
        Assert.Equal(1.0, decoded.LengthScale, 1e-6);
        Assert.Equal(0.8, decoded.NoiseW, 1e-6);
        Assert.Equal(1f, samples.Max(Math.Abs));
    }

    [Fact]
    public void StandIn_PeakNormalisedPcm16_DecodesAsTheRawOutput()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "multi", speakers: ["alice", "bob", "carol"]));
        long[] ids = [1, 0, 255, 0, 158, 0, 3, 0, 2];

        var (samples, _, _) = Run(session, [ids], [ids.Length], [0.333f, 1.25f, 0.5f], sid: [2]);

        var decoded = PiperStandIns.Decode(PeakNormalise(samples));
        Assert.Equal(ids, decoded.Ids);
        Assert.Equal(ids.Length, decoded.Length);
        Assert.Equal(2, decoded.Speaker);
        Assert.Equal(3, decoded.FramesPerId);
        Assert.Equal(0.333, decoded.NoiseScale, 16.0 / 32767);
        Assert.Equal(1.25, decoded.LengthScale, 16.0 / 32767);
        Assert.Equal(0.5, decoded.NoiseW, 16.0 / 32767);
    }

    [Fact]
    public void StandIn_BatchOfTwoLengths_EachRowCarriesItsOwnIdsAndSpeaker()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "multi", speakers: ["alice", "bob"]));

        var (samples, shape, _) = Run(session, [[1, 0, 31, 0, 2], [1, 0, 2, 9, 9]], [5, 3], [0f, 1f, 0f], sid: [0, 1]);

        var t = PiperStandIns.ExpectedSamples(5, 1f);
        Assert.Equal([2L, 1, 1, t], shape);
        var first = PiperStandIns.Decode(samples.AsSpan(0, t));
        var second = PiperStandIns.Decode(samples.AsSpan(t, t));
        Assert.Equal([1L, 0, 31, 0, 2], first.Ids);
        Assert.Equal((5, 0), (first.Length, first.Speaker));
        Assert.Equal([1L, 0, 2, 0, 0], second.Ids);
        Assert.Equal((3, 1), (second.Length, second.Speaker));
        Assert.Equal([1L, 0, 2], second.SentIds);
    }

    [Fact]
    public void StandIn_LengthScaleTwo_DoublesTheIdPart()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "single"));

        var normal = Run(session, [Hello], [Hello.Length], [0.667f, 1f, 0.8f]).Samples;
        var slow = Run(session, [Hello], [Hello.Length], [0.667f, 2f, 0.8f]).Samples;

        Assert.Equal(2 * (normal.Length - PiperStandIns.Hop), slow.Length - PiperStandIns.Hop);
        Assert.Equal(4, PiperStandIns.Decode(slow).FramesPerId);
        Assert.Equal(Hello, PiperStandIns.Decode(PeakNormalise(slow)).Ids);
    }

    [Fact]
    public void StandIn_LengthScaleJustPastAWholeFrame_DecodesFromPcmWithTheRunLengthTheModelUsed()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "single"));
        long[] ids = [1, 0, 20, 0, 61, 0, 0, 2];

        // The PCM header reads 1.0 for both, but ceil(2*1.0001) is 3 frames per id, ceil(2*1.0) is 2.
        var past = PiperStandIns.Decode(PeakNormalise(Run(session, [ids], [ids.Length], [0.667f, 1.0001f, 0.8f]).Samples));
        var whole = PiperStandIns.Decode(PeakNormalise(Run(session, [ids], [ids.Length], [0.667f, 1f, 0.8f]).Samples));

        Assert.Equal(3, past.FramesPerId);
        Assert.Equal(ids, past.Ids);
        Assert.Equal(2, whole.FramesPerId);
        Assert.Equal(ids, whole.Ids);
    }

    [Fact]
    public void StandIn_Inputs_AreAPiperVoicesThreeOrFour()
    {
        using var single = new InferenceSession(PiperStandIns.Write(_directory.Path, "single"));
        using var multi = new InferenceSession(PiperStandIns.Write(_directory.Path, "multi", speakers: ["a", "b"]));

        Assert.Equal(["input", "input_lengths", "scales"], single.InputNames);
        Assert.Equal(["input", "input_lengths", "scales", "sid"], multi.InputNames);
        Assert.Equal(["output"], single.OutputNames);
        Assert.Equal([-1, -1], single.InputMetadata["input"].Dimensions);
        Assert.Equal(typeof(long), single.InputMetadata["input"].ElementType);
        Assert.Equal([3], single.InputMetadata["scales"].Dimensions);
        Assert.Equal(typeof(float), single.InputMetadata["scales"].ElementType);
        Assert.Equal([-1], multi.InputMetadata["sid"].Dimensions);
        Assert.Equal([-1, 1, 1, -1], single.OutputMetadata["output"].Dimensions);
    }

    [Fact]
    public void StandIn_Alignment_AddsWCeilWithFramesPerSentIdAndTheHeadersInTheFirsts()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "aligned", alignment: true));

        var (samples, _, wCeil) = Run(session, [[1, 0, 14, 0, 2], [1, 0, 2, 0, 0]], [5, 3], [0.667f, 1.5f, 0.8f]);

        Assert.Equal(["output", "w_ceil"], session.OutputNames);
        Assert.Equal([4f, 3, 3, 3, 3, 4, 3, 3, 0, 0], Assert.IsType<float[]>(wCeil));
        Assert.Equal([.. PiperStandIns.ExpectedWCeil(5, 5, 1.5f), .. PiperStandIns.ExpectedWCeil(5, 3, 1.5f)], wCeil);
        Assert.Equal(samples.Length / 2, (int)wCeil[..5].Sum() * PiperStandIns.Hop); // the longer row's time, as in a real voice
    }

    [Fact]
    public void StandIn_Alignment_EachIdsSamplesStartWhereTheFramesBeforeItEnd()
    {
        using var session = new InferenceSession(PiperStandIns.Write(_directory.Path, "aligned", alignment: true));
        long[] ids = [1, 0, 14, 0, 3, 0, 15, 0, 2];

        var (samples, _, wCeil) = Run(session, [ids], [ids.Length], [0.667f, 1f, 0.8f]);

        for (var i = 1; i < ids.Length; i++) // the first id's frames are the header's and its own
        {
            var start = (int)wCeil![..i].Sum() * PiperStandIns.Hop;
            Assert.Equal(PiperStandIns.ColumnStart(i, 2), start);
            Assert.All(samples[start..(start + (2 * PiperStandIns.Hop))], s => Assert.Equal(ids[i] / 1024f, s));
        }
    }

    [Fact]
    public void StandIn_RenamedInput_TakesTheNewName()
    {
        var path = PiperStandIns.Write(_directory.Path, "other", renameInputs: new Dictionary<string, string> { ["input"] = "tokens" });

        using var session = new InferenceSession(path);

        Assert.Equal(["tokens", "input_lengths", "scales"], session.InputNames);
    }

    [Fact]
    public void StandIn_Config_LooksLikeAPiperVoiceConfig()
    {
        var single = Config(PiperStandIns.Write(_directory.Path, "en_US-single-medium"));
        var multi = Config(PiperStandIns.Write(
            _directory.Path, "de_DE-multi-low", sampleRate: 16000, quality: "low", speakers: ["alice", "bob"], defaultSpeaker: 1, espeakVoice: "de"));

        Assert.Equal(22050, single.GetProperty("audio").GetProperty("sample_rate").GetInt32());
        Assert.Equal("en-us", single.GetProperty("espeak").GetProperty("voice").GetString());
        Assert.Equal("en_US", single.GetProperty("language").GetProperty("code").GetString());
        Assert.Equal(1, single.GetProperty("num_speakers").GetInt32());
        Assert.Empty(single.GetProperty("speaker_id_map").EnumerateObject());
        Assert.False(single.TryGetProperty("default_speaker_id", out _));
        Assert.Equal(0.667, single.GetProperty("inference").GetProperty("noise_scale").GetDouble());
        var ids = single.GetProperty("phoneme_id_map");
        Assert.Equal(161, ids.EnumerateObject().Count());
        Assert.Equal(
            [0, 1, 2, 3, 13, 14, 122, 129, 140, 158, 160],
            new[] { "_", "^", "$", " ", "?", "a", "ː", "ⱱ", "\u0327", "\u030a", "ʷ" }.Select(p => ids.GetProperty(p)[0].GetInt32()));
        Assert.Equal(256, single.GetProperty("num_symbols").GetInt32());

        Assert.Equal(16000, multi.GetProperty("audio").GetProperty("sample_rate").GetInt32());
        Assert.Equal("low", multi.GetProperty("audio").GetProperty("quality").GetString());
        Assert.Equal("de_DE", multi.GetProperty("language").GetProperty("code").GetString());
        Assert.Equal(2, multi.GetProperty("num_speakers").GetInt32());
        Assert.Equal(1, multi.GetProperty("speaker_id_map").GetProperty("bob").GetInt32());
        Assert.Equal(1, multi.GetProperty("default_speaker_id").GetInt32());
    }

    [Fact]
    public void Write_BadOption_ThrowsWithTheScriptsError()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            PiperStandIns.Write(_directory.Path, "bad", renameInputs: new Dictionary<string, string> { ["nosuch"] = "x" }));

        Assert.Contains("the model has no input 'nosuch'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotAStandInsOutput_Throws()
    {
        var samples = new float[PiperStandIns.Hop * 3];
        samples[0] = 0.5f;

        Assert.Throws<InvalidDataException>(() => PiperStandIns.Decode(samples));
        Assert.Throws<InvalidDataException>(() => PiperStandIns.Decode(new short[100]));
    }

    [Fact]
    public void Medium_HundredIds_GivesFourFramesPerIdInUnitRange()
    {
        var path = PiperStandIns.WriteMedium(_directory.Path, "medium");
        using var session = new InferenceSession(path);
        var ids = Enumerable.Range(0, 100).Select(i => i % 2 == 1 ? 0L : 14 + (i % 100)).ToArray();

        Run(session, [ids], [ids.Length], [0.667f, 1f, 0.8f]);
        var clock = Stopwatch.StartNew();
        var (samples, shape, _) = Run(session, [ids], [ids.Length], [0.667f, 1f, 0.8f]);
        clock.Stop();

        Assert.Equal(["input", "input_lengths", "scales"], session.InputNames);
        Assert.Equal([1L, 1, 1, PiperStandIns.Hop * 4 * ids.Length], shape);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
        Assert.True(samples.Max(Math.Abs) > 0.01f, "the decoder's output is silent");
        output.WriteLine(
            $"medium: {new FileInfo(path).Length / 1e6:F1} MB; {ids.Length} ids -> {samples.Length} samples " +
            $"({samples.Length / 22050.0:F2} s of audio, RMS {Math.Sqrt(samples.Average(s => (double)s * s)):F2}) " +
            $"in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static (float[] Samples, long[] Shape, float[]? WCeil) Run(
        InferenceSession session, long[][] rows, long[] lengths, float[] scales, long[]? sid = null)
    {
        var columns = rows[0].Length;
        var inputs = new Dictionary<string, OrtValue>
        {
            [session.InputNames[0]] = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, columns]),
            ["input_lengths"] = OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]),
            ["scales"] = OrtValue.CreateTensorValueFromMemory(scales, [3]),
        };
        if (sid is not null)
        {
            inputs["sid"] = OrtValue.CreateTensorValueFromMemory(sid, [sid.Length]);
        }

        try
        {
            using var options = new RunOptions();
            using var results = session.Run(options, inputs, session.OutputNames);
            var samples = results[0].GetTensorDataAsSpan<float>().ToArray();
            var wCeil = results.Count > 1 ? results[1].GetTensorDataAsSpan<float>().ToArray() : null;
            return (samples, results[0].GetTensorTypeAndShape().Shape, wCeil);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Piper's conversion to PCM16: scale by 32767/max(0.01, max|x|), round.</summary>
    private static short[] PeakNormalise(float[] samples)
    {
        var scale = 32767 / Math.Max(0.01, samples.Max(Math.Abs));
        return [.. samples.Select(s => (short)Math.Clamp(Math.Round(s * scale), short.MinValue, short.MaxValue))];
    }

    private static JsonElement Config(string onnxPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(onnxPath + ".json"));
        return document.RootElement.Clone();
    }
}
