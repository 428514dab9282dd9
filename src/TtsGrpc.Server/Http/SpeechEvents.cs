using System.Text.Json;
using TtsGrpc.Core.Synthesis;

namespace TtsGrpc.Server.Http;

/// <summary>
/// stream_format "sse": OpenAI's speech.audio.delta events (base64 audio of the response_format) and one
/// speech.audio.done last. Extensions, harmless to OpenAI clients, which read only the fields they know: with
/// include_segments a speech.segment event before each segment's first delta, and a summary in the done event.
/// </summary>
internal sealed class SpeechEvents(Stream body, bool includeSegments)
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] End = "\n\n"u8.ToArray();
    private readonly MemoryStream _buffer = new();

    public async Task WriteAsync(AudioChunk chunk, CancellationToken cancellationToken)
    {
        if (includeSegments && chunk.SegmentText is { } text)
        {
            await EventAsync(
                json =>
                {
                    json.WriteString("type", "speech.segment");
                    json.WriteNumber("index", chunk.SegmentIndex);
                    json.WriteString("text", text);
                    json.WriteBoolean("cached", chunk.Cached);
                },
                cancellationToken);
        }

        if (chunk.Audio.Length > 0)
        {
            await EventAsync(
                json =>
                {
                    json.WriteString("type", "speech.audio.delta");
                    json.WriteBase64String("audio", chunk.Audio.Span);
                },
                cancellationToken);
        }
    }

    /// <summary>
    /// The last event. There is no tokenizer here: input_tokens counts the input's characters (Unicode code points)
    /// and output_tokens is 0, so totals stay meaningful to clients that add them up.
    /// </summary>
    public Task DoneAsync(SynthesisSummary summary, string input, int sampleRate, CancellationToken cancellationToken)
    {
        var characters = input.EnumerateRunes().Count();
        return EventAsync(
            json =>
            {
                json.WriteString("type", "speech.audio.done");
                json.WriteStartObject("usage");
                json.WriteNumber("input_tokens", characters);
                json.WriteNumber("output_tokens", 0);
                json.WriteNumber("total_tokens", characters);
                json.WriteEndObject();
                json.WriteStartObject("summary");
                json.WriteNumber("segments_total", summary.SegmentsTotal);
                json.WriteNumber("segments_cached", summary.SegmentsCached);
                json.WriteNumber("audio_ms", Math.Round(summary.AudioSamples * 1000.0 / sampleRate, 1));
                json.WriteNumber("first_audio_ms", Math.Round(summary.FirstAudioMilliseconds, 1));
                json.WriteNumber("synthesis_ms", Math.Round(summary.SynthesisMilliseconds, 1));
                json.WriteEndObject();
            },
            cancellationToken);
    }

    private async Task EventAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        _buffer.SetLength(0);
        _buffer.Write(Prefix);
        using (var json = new Utf8JsonWriter(_buffer, OpenAiError.Json))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        _buffer.Write(End);
        await body.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken);
    }
}
