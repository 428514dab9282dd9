namespace TtsGrpc.Tests.Support;

/// <summary>
/// What a render says, as a log-energy envelope in mel-spaced bands (32 ms Hann frames, 10 ms hop,
/// 100-3800 Hz so μ-law at 8 kHz keeps every band), for comparing two renders by content rather than by
/// bytes. Two fresh espeak-ng renders of one text differ by a few samples here and there (its pitch
/// "flutter" carries over from call to call), so their bytes never match but their envelopes do; renders
/// of different texts do not.
/// </summary>
public sealed class SpeechContent
{
    private const int Bands = 20;
    private const double LowHz = 100;
    private const double HighHz = 3800;
    private const double FloorDecades = 6; // 60 dB below the loudest band of the render
    private const double SpeechDecades = 4; // frames with no band within 40 dB of the loudest are pauses
    private const int MaxLagFrames = 20; // 200 ms: more than espeak-ng's drift, less than a word
    private const int BlockFrames = 50;
    private const int MinOverlapFrames = 20;

    private readonly double[][] _frames;

    private SpeechContent(double[][] frames) => _frames = frames;

    public int Frames => _frames.Length;

    public static SpeechContent Of(short[] pcm, int sampleRate)
    {
        var frameLength = sampleRate * 32 / 1000;
        var hop = sampleRate / 100;
        var size = 1;
        while (size < frameLength)
        {
            size *= 2;
        }

        var edges = BandEdges(sampleRate, size);
        var window = Enumerable.Range(0, frameLength).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (frameLength - 1))).ToArray();
        var frames = new List<double[]>();
        var re = new double[size];
        var im = new double[size];
        for (var start = 0; start + frameLength <= pcm.Length; start += hop)
        {
            Array.Clear(re);
            Array.Clear(im);
            for (var i = 0; i < frameLength; i++)
            {
                re[i] = pcm[start + i] / 32768.0 * window[i];
            }

            Fft(re, im);
            var bands = new double[Bands];
            for (var b = 0; b < Bands; b++)
            {
                for (var k = edges[b]; k < edges[b + 1]; k++)
                {
                    bands[b] += re[k] * re[k] + im[k] * im[k];
                }
            }

            frames.Add(bands);
        }

        var loudest = frames.Count == 0 ? 1 : frames.Max(f => f.Max());
        var floor = Math.Log10(loudest + double.Epsilon) - FloorDecades;
        foreach (var frame in frames)
        {
            for (var b = 0; b < Bands; b++)
            {
                frame[b] = Math.Max(Math.Log10(frame[b] + double.Epsilon), floor);
            }
        }

        // The pauses around the words are the same for every text; left in, they would make any two renders alike.
        var loud = floor + FloorDecades - SpeechDecades;
        var first = frames.FindIndex(f => f.Max() > loud);
        var last = frames.FindLastIndex(f => f.Max() > loud);
        return new SpeechContent(first < 0 ? [] : [.. frames.Skip(first).Take(last - first + 1)]);
    }

    /// <summary>
    /// Pearson correlation of the two envelopes (every band of every frame), taken in half-second blocks of
    /// this render, each at its best shift within ±200 ms of where it falls in <paramref name="other"/>, averaged
    /// and scaled by the ratio of the lengths: about 1 for two renders of the same words, far lower for
    /// different words, which differ in length, in rhythm or in spectrum. Blocks, because espeak-ng's drift
    /// adds up along a text (tens of milliseconds by its end), so no single shift aligns a whole render.
    /// </summary>
    public double Similarity(SpeechContent other)
    {
        if (Frames == 0 || other.Frames == 0)
        {
            return 0;
        }

        double sum = 0;
        var weight = 0;
        for (var start = 0; start < Frames; start += BlockFrames)
        {
            var length = Math.Min(BlockFrames, Frames - start);
            if (length < BlockFrames / 2 && start > 0)
            {
                break; // a short tail is measured with the block before it
            }

            length = Frames - start < BlockFrames * 3 / 2 ? Frames - start : length;
            var expected = (int)Math.Round((double)start * other.Frames / Frames);
            var best = 0.0;
            for (var lag = -MaxLagFrames; lag <= MaxLagFrames; lag++)
            {
                best = Math.Max(best, Correlation(start, length, other, expected + lag));
            }

            sum += best * length;
            weight += length;
            if (start + length >= Frames)
            {
                break;
            }
        }

        return sum / weight * Math.Min(Frames, other.Frames) / Math.Max(Frames, other.Frames);
    }

    /// <summary>Correlation of this render's frames [start, start + length) with the other's from <paramref name="at"/>, over their overlap.</summary>
    private double Correlation(int start, int length, SpeechContent other, int at)
    {
        var skip = Math.Max(0, -at);
        var count = Math.Min(length, other.Frames - at) - skip;
        if (count < Math.Min(length, MinOverlapFrames))
        {
            return 0;
        }

        double sumA = 0, sumB = 0;
        var n = count * Bands;
        for (var t = skip; t < skip + count; t++)
        {
            for (var b = 0; b < Bands; b++)
            {
                sumA += _frames[start + t][b];
                sumB += other._frames[at + t][b];
            }
        }

        double meanA = sumA / n, meanB = sumB / n, ab = 0, aa = 0, bb = 0;
        for (var t = skip; t < skip + count; t++)
        {
            for (var b = 0; b < Bands; b++)
            {
                var x = _frames[start + t][b] - meanA;
                var y = other._frames[at + t][b] - meanB;
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
        }

        return ab / Math.Sqrt(aa * bb + double.Epsilon);
    }

    private static int[] BandEdges(int sampleRate, int size)
    {
        static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);
        static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
        var edges = new int[Bands + 1];
        for (var b = 0; b <= Bands; b++)
        {
            var hz = Hz(Mel(LowHz) + (Mel(HighHz) - Mel(LowHz)) * b / Bands);
            edges[b] = (int)Math.Round(hz * size / sampleRate);
        }

        for (var b = 1; b <= Bands; b++)
        {
            edges[b] = Math.Max(edges[b], edges[b - 1] + 1); // at least one bin per band
        }

        return edges;
    }

    /// <summary>In-place iterative radix-2 FFT; the length is a power of two.</summary>
    private static void Fft(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var cos = new double[n / 2];
        var sin = new double[n / 2];
        for (var k = 0; k < n / 2; k++)
        {
            cos[k] = Math.Cos(-2 * Math.PI * k / n);
            sin[k] = Math.Sin(-2 * Math.PI * k / n);
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < length / 2; k++)
                {
                    var (wr, wi) = (cos[k * stride], sin[k * stride]);
                    var (ar, ai) = (re[start + k], im[start + k]);
                    var (br, bi) = (re[start + k + length / 2], im[start + k + length / 2]);
                    var (tr, ti) = (br * wr - bi * wi, br * wi + bi * wr);
                    re[start + k] = ar + tr;
                    im[start + k] = ai + ti;
                    re[start + k + length / 2] = ar - tr;
                    im[start + k + length / 2] = ai - ti;
                }
            }
        }
    }
}
