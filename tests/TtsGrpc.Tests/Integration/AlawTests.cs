using System.ComponentModel;
using System.Diagnostics;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>ALAW through the real server, decoded by the real ffmpeg.</summary>
public sealed class AlawTests(ServerFixture server, ITestOutputHelper output)
{
    private static readonly TimeSpan FfmpegTimeout = TimeSpan.FromSeconds(30);
    private readonly TextToSpeech.TextToSpeechClient _client = new(server.Channel);

    /// <summary>
    /// The A-law render and the LINEAR16 render of one cached master at the same rate hold the same int16 samples
    /// before the A-law step (the output stage rounds to int16 and then encodes), so after ffmpeg's decoder every
    /// sample is off by at most half the A-law step at its magnitude: 8 below |512|, up to 512 at full scale.
    /// </summary>
    public static TheoryData<int> Rates => [.. Core.Audio.OutputFormat.SupportedRates];

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task Synthesize_Alaw_DecodesWithFfmpegToTheLinear16RenderWithinHalfAStep(int rate)
    {
        var text = $"A-law check {Random.Shared.Next(100_000, 999_999)} at {rate} hertz. It has two sentences.";
        var alaw = await SynthesisCall.RunAsync(_client, Request(text, AudioEncoding.Alaw, rate));
        var linear = await SynthesisCall.RunAsync(_client, Request(text, AudioEncoding.Linear16, rate));

        Assert.Equal(2, alaw.Summary.SegmentsTotal);
        Assert.Equal(2, linear.Summary.SegmentsCached); // the same masters, encoded twice
        Assert.All(alaw.Messages, m => Assert.Equal(rate, m.SampleRateHz));
        Assert.Equal(alaw.Summary.AudioSamples, alaw.Audio.Length);
        var decoded = await DecodeWithFfmpegAsync(alaw.Audio, rate);
        var expected = AudioAnalysis.Pcm16(linear.Audio);

        Assert.Equal(expected.Length, decoded.Length);
        Assert.True(expected.Any(s => Math.Abs((int)s) > 3000), "the audio is silent");
        var beyond = Enumerable.Range(0, expected.Length).Where(i => Math.Abs(decoded[i] - expected[i]) > G711Alaw.HalfStep(expected[i])).ToList();
        output.WriteLine($"{rate} Hz: {expected.Length} samples, SNR {SnrDb(expected, decoded):F1} dB, {beyond.Count} beyond half a step");
        if (beyond.Count > 0)
        {
            var i = beyond[0];
            Assert.Fail($"{beyond.Count} samples are off by more than half an A-law step; sample {i}: {expected[i]} decoded as {decoded[i]}");
        }
    }

    private static SynthesizeRequest Request(string text, AudioEncoding encoding, int rate) =>
        new() { Text = text, Format = new AudioFormat { Encoding = encoding, SampleRateHz = rate } };

    private static async Task<short[]> DecodeWithFfmpegAsync(byte[] alaw, int rate)
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var input = Path.Combine(directory.Path, "in.raw");
        var decoded = Path.Combine(directory.Path, "out.raw");
        await File.WriteAllBytesAsync(input, alaw, TestContext.Current.CancellationToken);
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error", "-f", "alaw", "-ar", $"{rate}", "-ac", "1", "-i", input, "-f", "s16le", decoded,
        ];
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true })!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is not on the PATH (build.sh installs it)", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(FfmpegTimeout);
            Assert.True(process.ExitCode == 0, $"ffmpeg exited with {process.ExitCode}: {await errors}");
        }

        return AudioAnalysis.Pcm16(await File.ReadAllBytesAsync(decoded, TestContext.Current.CancellationToken));
    }

    private static double SnrDb(short[] signal, short[] decoded)
    {
        double power = 0, noise = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            power += (double)signal[i] * signal[i];
            noise += (double)(decoded[i] - signal[i]) * (decoded[i] - signal[i]);
        }

        return 10 * Math.Log10(power / Math.Max(noise, 1));
    }
}
