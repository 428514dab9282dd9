using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load;

/// <summary>
/// The requests the clients cycle through: sentences of several lengths in a few voices, formats and
/// speeds, like a service answering many users. The same list, in the same order, is what the bare
/// server records, so both servers answer the same questions with the same bytes.
/// </summary>
internal static class Workload
{
    private static readonly string[] Sentences =
    [
        "Your order has shipped.",
        "Good morning, your order will arrive on Tuesday before noon.",
        "The next train to the airport leaves from platform four in six minutes.",
        "Please hold the line; a member of our team will be with you shortly.",
        "Turn left at the second light, then continue for about three hundred metres.",
        "Your appointment with Doctor Patel is confirmed for Friday at half past nine.",
        "The weather today will be mostly sunny, with a high of twenty-three degrees.",
        "I'm sorry, I didn't catch that. Could you say it again?",
        "Battery low.",
        "Thank you for calling. Your reference number is four, seven, two, nine.",
        "Meeting rooms on the third floor are closed for cleaning until two o'clock.",
        "Welcome back! You have three new messages and one missed call.",
    ];

    private static readonly (string Voice, AudioFormat Format, float Speed)[] Variants =
    [
        ("en-us", new AudioFormat { Encoding = AudioEncoding.Linear16 }, 1f),
        ("en-gb", new AudioFormat { Encoding = AudioEncoding.Wav, SampleRateHz = 16000 }, 1f),
        ("en-us", new AudioFormat { Encoding = AudioEncoding.Mulaw, SampleRateHz = 8000 }, 1.25f),
        ("de", new AudioFormat { Encoding = AudioEncoding.Float32, SampleRateHz = 24000 }, 0.9f),
    ];

    /// <summary>Every sentence in every variant, plus a few texts of three sentences (several segments per call).</summary>
    public static IReadOnlyList<SynthesizeRequest> Cached(int limit)
    {
        var texts = Sentences.Concat(Enumerable.Range(0, 4).Select(i => string.Join(' ', Sentences.Skip(i * 3).Take(3))));
        var requests = texts
            .SelectMany(text => Variants.Select(v => new SynthesizeRequest
            {
                Text = text,
                Voice = v.Voice,
                Format = v.Format.Clone(),
                Speed = v.Speed,
            }))
            .ToList();
        return limit > 0 ? requests.Take(limit).ToList() : requests;
    }

    /// <summary>A request no server has seen: a sentence with a number nobody asked for before.</summary>
    public static SynthesizeRequest Uncached(SynthesizeRequest template, long serial)
    {
        var request = template.Clone();
        request.Text = $"Ticket {serial} of run {RunId}. " + template.Text;
        return request;
    }

    /// <summary>A long text, one sentence after another, for readers that keep a stream open.</summary>
    public static SynthesizeRequest Long(int sentences) => new()
    {
        Text = string.Join(' ', Enumerable.Range(0, sentences).Select(i => Sentences[i % Sentences.Length])),
        Format = new AudioFormat { Encoding = AudioEncoding.Linear16 },
    };

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];
}
