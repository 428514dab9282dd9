using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Unit;

/// <summary>The models and packs tools/models/kokoro_model.py writes, run directly through ONNX Runtime, against their contract.</summary>
public sealed class KokoroStandInTests(ITestOutputHelper output) : IDisposable
{
    // "həlˈoʊ" in Kokoro's vocab, with the pad 0 at both ends as the runtimes send it.
    private static readonly long[] Hello = [0, 50, 83, 54, 156, 57, 135, 0];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void V1_Run_RevealsIdsSpeedAndStyle()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "v1"));
        var style = KokoroStandIns.ExpectedRow(voice: 2, row: Hello.Length - 2);

        var (samples, shape, duration) = Run(session, Hello, style, 1f);

        Assert.Equal(["tokens", "style", "speed"], session.InputNames);
        Assert.Equal(["audio"], session.OutputNames);
        Assert.Equal([KokoroStandIns.ExpectedSamples(Hello.Length, 1f)], shape);
        Assert.Null(duration);
        var decoded = KokoroStandIns.Decode(samples);
        Assert.Equal(Hello, decoded.Ids);
        Assert.Equal(Hello.Length, decoded.Columns);
        Assert.Equal(1.0, decoded.Speed, 1e-6);
        Assert.Equal(2, decoded.FramesPerId);
        Assert.Equal(style, decoded.Style);
        Assert.Equal(Hello.Length - 2, decoded.PackRow, 1e-9);
        Assert.Equal(3, decoded.VoiceCode, 1e-9);
    }

    [Fact]
    public void Inputs_AreEachSignaturesNamesAndTypes()
    {
        using var v1 = new InferenceSession(KokoroStandIns.Write(_directory.Path, "v1"));
        using var hf = new InferenceSession(KokoroStandIns.Write(_directory.Path, "hf", KokoroSignature.Hf));
        using var int32 = new InferenceSession(KokoroStandIns.Write(_directory.Path, "int32", KokoroSignature.Hf, int32Speed: true));

        Assert.Equal([1, -1], v1.InputMetadata["tokens"].Dimensions);
        Assert.Equal(typeof(long), v1.InputMetadata["tokens"].ElementType);
        Assert.Equal([1, 256], v1.InputMetadata["style"].Dimensions);
        Assert.Equal([1], v1.InputMetadata["speed"].Dimensions);
        Assert.Equal(typeof(float), v1.InputMetadata["speed"].ElementType);
        Assert.Equal([-1], v1.OutputMetadata["audio"].Dimensions);
        Assert.Equal(["input_ids", "style", "speed"], hf.InputNames);
        Assert.Equal(["waveform", "duration"], hf.OutputNames);
        Assert.Equal(typeof(float), hf.InputMetadata["speed"].ElementType);
        Assert.Equal(typeof(long), hf.OutputMetadata["duration"].ElementType);
        Assert.Equal([-1], hf.OutputMetadata["duration"].Dimensions);
        Assert.Equal(typeof(int), int32.InputMetadata["speed"].ElementType);
        Assert.Equal(v1.ModelMetadata.CustomMetadataMap, new Dictionary<string, string>());
    }

    [Theory]
    [InlineData(1f, 2)]
    [InlineData(0.75f, 3)]
    [InlineData(0.8f, 2)] // 2.5 rounds to even
    [InlineData(1.5f, 1)]
    [InlineData(4f, 1)] // 0.5 rounds to 0, clamped to 1
    public void Hf_FloatSpeed_DurationIsFramesPerIdAndTheHeadersInTheFirstPads(float speed, int frames)
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "hf", KokoroSignature.Hf));

        var (samples, _, duration) = Run(session, Hello, KokoroStandIns.ExpectedRow(0, 6), speed);

        Assert.Equal(frames, KokoroStandIns.FramesPerId(speed));
        Assert.Equal([frames + 1L, .. Enumerable.Repeat((long)frames, Hello.Length - 1)], Assert.IsType<long[]>(duration));
        Assert.Equal(KokoroStandIns.ExpectedDurations(Hello.Length, speed), duration);
        Assert.Equal(samples.Length, duration!.Sum() * KokoroStandIns.Frame); // as a real export's: 600 samples a frame
        var decoded = KokoroStandIns.Decode(samples);
        Assert.Equal(frames, decoded.FramesPerId);
        Assert.Equal(speed, decoded.Speed, 1e-6);
        Assert.Equal(Hello, decoded.Ids);
        Assert.Equal(KokoroStandIns.ExpectedSamples(Hello.Length, speed), samples.Length);
    }

    [Fact]
    public void Hf_Int32Speed_TakesTheWholeNumber()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "int32", KokoroSignature.Hf, int32Speed: true));

        var one = Run(session, Hello, KokoroStandIns.ExpectedRow(1, 6), 1);
        var two = Run(session, Hello, KokoroStandIns.ExpectedRow(1, 6), 2);

        Assert.Equal(KokoroStandIns.ExpectedDurations(Hello.Length, 1), one.Duration);
        Assert.Equal((1.0, 2), (KokoroStandIns.Decode(one.Samples).Speed, KokoroStandIns.Decode(one.Samples).FramesPerId));
        Assert.Equal(KokoroStandIns.ExpectedDurations(Hello.Length, 2), two.Duration);
        Assert.Equal([2L, 1, 1, 1, 1, 1, 1, 1], Assert.IsType<long[]>(two.Duration));
        Assert.Equal(2.0, KokoroStandIns.Decode(two.Samples).Speed);
        Assert.Equal(Hello, KokoroStandIns.Decode(two.Samples).Ids);
    }

    [Fact]
    public void Hf_Duration_EachColumnsSamplesStartWhereTheDurationsBeforeItEnd()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "hf", KokoroSignature.Hf));

        var (samples, _, duration) = Run(session, Hello, KokoroStandIns.ExpectedRow(0, 6), 0.5f);

        for (var i = 1; i < Hello.Length; i++) // the first pad's frames are the header's and its own
        {
            var start = (int)(duration![..i].Sum() * KokoroStandIns.Frame);
            Assert.Equal(KokoroStandIns.ColumnStart(i, 4), start);
            Assert.All(samples[start..(start + (4 * KokoroStandIns.Frame))], s => Assert.Equal(Hello[i] / 1024f, s));
        }
    }

    [Fact]
    public void Hf_Int32SpeedZero_FailsTheRunAsATruncatedSpeedDoes()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "int32", KokoroSignature.Hf, int32Speed: true));

        // 0.9 sent to an int32 export arrives as 0.
        Assert.Throws<OnnxRuntimeException>(() => Run(session, Hello, KokoroStandIns.ExpectedRow(0, 6), 0));
    }

    [Fact]
    public void V1_SpeedHalf_DoublesTheIdPart()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "v1"));
        var style = KokoroStandIns.ExpectedRow(0, 6);

        var normal = Run(session, Hello, style, 1f).Samples;
        var slow = Run(session, Hello, style, 0.5f).Samples;

        Assert.Equal(2 * (normal.Length - KokoroStandIns.Frame), slow.Length - KokoroStandIns.Frame);
        Assert.Equal(4, KokoroStandIns.Decode(slow).FramesPerId);
        Assert.Equal(Hello, KokoroStandIns.Decode(Pcm16(slow)).Ids);
    }

    [Fact]
    public void Pcm16_ClampedAndScaled_DecodesAsTheRawOutput()
    {
        using var session = new InferenceSession(KokoroStandIns.Write(_directory.Path, "hf", KokoroSignature.Hf));
        long[] ids = [0, 1, 177, 16, 3, 0];
        var blend = KokoroStandIns.ExpectedRow(0, 4).Zip(KokoroStandIns.ExpectedRow(3, 4), (a, b) => (a + b) / 2).ToArray();

        var decoded = KokoroStandIns.Decode(Pcm16(Run(session, ids, blend, 1.25f).Samples));

        Assert.Equal(ids, decoded.Ids);
        Assert.Equal(1.25, decoded.Speed, 16.0 / 32767);
        Assert.Equal(2, decoded.FramesPerId);
        Assert.Equal(4, Math.Round(decoded.PackRow));
        Assert.Equal(2.5, decoded.VoiceCode, 0.01); // (1 + 4) / 2
        Assert.All(decoded.Style.Zip(blend), p => Assert.Equal(p.Second, p.First, 1.0 / 32767));
    }

    [Fact]
    public void EmbedConfig_AddsKokoroConfigMetadata_AndConfigJsonIsAlwaysBeside()
    {
        var path = KokoroStandIns.Write(_directory.Path, "embedded", KokoroSignature.Hf, embedConfig: true);
        using var session = new InferenceSession(path);

        var embedded = Json(session.ModelMetadata.CustomMetadataMap["kokoro_config"]);
        var beside = Json(File.ReadAllText(Path.Combine(_directory.Path, "config.json")));

        Assert.Equal(JsonSerializer.Serialize(beside), JsonSerializer.Serialize(embedded));
        Assert.Equal(178, embedded.GetProperty("n_token").GetInt32());
        var vocab = embedded.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(114, vocab.Count);
        Assert.All(vocab.Keys, k => Assert.Equal(1, k.Length));
        Assert.Equal((1, 177), (vocab.Values.Min(), vocab.Values.Max()));
        Assert.Equal([3, 4, 16, 156, 83], new[] { ",", ".", " ", "ˈ", "ə" }.Select(k => vocab[k]));
    }

    [Fact]
    public void WriteVoices_RawPacks_Have522240BytesAndTheFormulasRows()
    {
        var written = KokoroStandIns.WriteVoices(_directory.Path, npz: null);

        Assert.Equal(KokoroStandIns.DefaultVoices.Select(n => Path.Combine(_directory.Path, n + ".bin")), written);
        Assert.All(written, p => Assert.Equal(522_240, new FileInfo(p).Length));
        var sky = KokoroStandIns.ReadRawPack(written[1]);
        foreach (var row in new[] { 0, 1, 255, 509 })
        {
            Assert.Equal(KokoroStandIns.ExpectedRow(1, row), sky.AsSpan(row * 256, 256).ToArray());
        }

        Assert.All(KokoroStandIns.DefaultVoices.Select((_, v) => v), v =>
            Assert.All(KokoroStandIns.ReadRawPack(written[v]), x => Assert.InRange(x, -1f, 1f)));
    }

    [Fact]
    public void WriteVoices_Npz_IsAZipOfNpyPacksEqualToTheRawOnes()
    {
        var written = KokoroStandIns.WriteVoices(_directory.Path, ["af_heart", "am_adam", "zf_xiaobei"]);
        var bundle = Path.Combine(_directory.Path, "voices-v1.0.bin");

        Assert.Contains(bundle, written);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            Assert.Equal(["af_heart.npy", "am_adam.npy", "zf_xiaobei.npy"], zip.Entries.Select(e => e.FullName).Order());
            Assert.All(zip.Entries, e => Assert.InRange(e.Length, KokoroStandIns.PackBytes + 64, KokoroStandIns.PackBytes + 256));
        }

        var adam = KokoroStandIns.ReadNpzPack(bundle, "am_adam");
        Assert.Equal(KokoroStandIns.ReadRawPack(Path.Combine(_directory.Path, "am_adam.bin")), adam);
        Assert.Equal(KokoroStandIns.ExpectedRow(1, 42), adam.AsSpan(42 * 256, 256).ToArray());
        Assert.Equal(3, KokoroStandIns.VoiceCode(KokoroStandIns.ReadNpzPack(bundle, "zf_xiaobei").AsSpan(0, 256)), 1e-9);
    }

    [Fact]
    public void Write_Int32SpeedOnV1_ThrowsWithTheScriptsError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KokoroStandIns.Write(_directory.Path, "bad", int32Speed: true));

        Assert.Contains("v1 takes a float speed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotAStandInsOutput_Throws()
    {
        var samples = new float[KokoroStandIns.Frame * 3];
        samples[0] = 2 / 1024f;
        samples[400] = 0.5f;

        Assert.Throws<InvalidDataException>(() => KokoroStandIns.Decode(samples));
        Assert.Throws<InvalidDataException>(() => KokoroStandIns.Decode(new short[100]));
    }

    [Fact]
    public void Random_TwentyIds_GivesTwoFramesPerIdInUnitRange()
    {
        var path = KokoroStandIns.WriteRandom(_directory.Path, "random");
        using var session = new InferenceSession(path);
        var ids = Enumerable.Range(0, 20).Select(i => i is 0 or 19 ? 0L : 43 + i).ToArray();
        var style = KokoroStandIns.ExpectedRow(0, 18);

        Run(session, ids, style, 1f);
        var clock = Stopwatch.StartNew();
        var (samples, shape, _) = Run(session, ids, style, 1f);
        clock.Stop();

        Assert.Equal(["tokens", "style", "speed"], session.InputNames);
        Assert.Equal([KokoroStandIns.Frame * 2 * ids.Length], shape);
        Assert.All(samples, s => Assert.InRange(s, -1f, 1f));
        Assert.True(samples.Max(Math.Abs) > 0.01f, "the decoder's output is silent");
        output.WriteLine(
            $"random: {new FileInfo(path).Length / 1e6:F1} MB; {ids.Length} ids -> {samples.Length} samples " +
            $"({samples.Length / 24000.0:F2} s of audio) in {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static (float[] Samples, long[] Shape, long[]? Duration) Run(InferenceSession session, long[] ids, float[] style, float speed)
    {
        var speedValue = session.InputMetadata["speed"].ElementType == typeof(int)
            ? OrtValue.CreateTensorValueFromMemory(new[] { (int)speed }, [1])
            : OrtValue.CreateTensorValueFromMemory(new[] { speed }, [1]);
        var inputs = new Dictionary<string, OrtValue>
        {
            [session.InputNames[0]] = OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]),
            ["style"] = OrtValue.CreateTensorValueFromMemory(style, [1, style.Length]),
            ["speed"] = speedValue,
        };
        try
        {
            using var options = new RunOptions();
            using var results = session.Run(options, inputs, session.OutputNames);
            var samples = results[0].GetTensorDataAsSpan<float>().ToArray();
            var duration = results.Count > 1 ? results[1].GetTensorDataAsSpan<long>().ToArray() : null;
            return (samples, results[0].GetTensorTypeAndShape().Shape, duration);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Kokoro's conversion to PCM16: clamp to [-1, 1], times 32767, rounded.</summary>
    private static short[] Pcm16(float[] samples) =>
        [.. samples.Select(s => (short)Math.Round(Math.Clamp(s, -1f, 1f) * 32767.0))];

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
