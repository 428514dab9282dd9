using System.Diagnostics;
using Bench.V1;
using Grpc.Core;
using Grpc.Net.Client;
using TtsGrpc.Protos.V1;

namespace TtsGrpc.Load;

/// <summary>
/// Runs the clients against one server: each client makes one call after another for the warm-up and
/// the measured time, reads every message, and records the time to its first audio and its status.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(Uri address, IReadOnlyList<SynthesizeRequest> requests, LoadSettings settings, ProcessSampler? rss)
    {
        var channels = Enumerable.Range(0, Math.Max(1, settings.Connections))
            .Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = null }))
            .ToArray();
        try
        {
            var start = Stopwatch.GetTimestamp();
            var measureFrom = start + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency);
            var stopAt = measureFrom + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
            var clients = Enumerable.Range(0, settings.Clients)
                .Select(i => Task.Run(() => ClientAsync(i, channels[i % channels.Length], requests, settings, measureFrom, stopAt)))
                .ToArray();

            await Task.Delay(settings.Warmup);
            rss?.Restart();
            var results = (await Task.WhenAll(clients)).SelectMany(r => r).ToList();
            var measured = Stopwatch.GetElapsedTime(measureFrom, Math.Max(Stopwatch.GetTimestamp(), measureFrom));
            return new LoadResult(results, measured, rss?.Stop());
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<List<CallResult>> ClientAsync(
        int client, GrpcChannel channel, IReadOnlyList<SynthesizeRequest> requests, LoadSettings settings, long measureFrom, long stopAt)
    {
        var tts = new TextToSpeech.TextToSpeechClient(channel);
        var bare = new Bare.BareClient(channel);
        var random = new Random(client);
        var results = new List<CallResult>();
        var serial = (long)client << 32;
        for (var n = client * 7; Stopwatch.GetTimestamp() < stopAt; n++)
        {
            var request = requests[n % requests.Count];
            if (settings.UncachedFraction > 0 && random.NextDouble() < settings.UncachedFraction)
            {
                request = Workload.Uncached(request, serial++);
            }

            var started = Stopwatch.GetTimestamp();
            var streamed = settings.StreamingFraction > 0 && random.NextDouble() < settings.StreamingFraction;
            var result = settings.Unary
                ? await FetchAsync(bare, started)
                : await ReadAsync(streamed ? StreamWords(tts, request) : Read(tts.Synthesize(request)), settings.ReadDelay, started);
            if (started >= measureFrom && Stopwatch.GetTimestamp() <= stopAt)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>StreamingSynthesize with the text sent a word at a time, as a voice agent forwards tokens.</summary>
    private static async IAsyncEnumerable<SynthesizeResponse> StreamWords(TextToSpeech.TextToSpeechClient tts, SynthesizeRequest request)
    {
        using var call = tts.StreamingSynthesize();
        var config = request.Clone();
        config.Text = "";
        await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Config = config });
        foreach (var word in request.Text.Split(' '))
        {
            await call.RequestStream.WriteAsync(new StreamingSynthesizeRequest { Text = word + " " });
        }

        await call.RequestStream.CompleteAsync();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            yield return message;
        }
    }

    private static async IAsyncEnumerable<SynthesizeResponse> Read(AsyncServerStreamingCall<SynthesizeResponse> call)
    {
        using (call)
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                yield return message;
            }
        }
    }

    private static async Task<CallResult> ReadAsync(IAsyncEnumerable<SynthesizeResponse> messages, TimeSpan readDelay, long started)
    {
        double firstAudio = -1;
        long bytes = 0;
        try
        {
            await foreach (var message in messages)
            {
                if (firstAudio < 0 && !message.Audio.IsEmpty)
                {
                    firstAudio = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                bytes += message.Audio.Length;
                if (readDelay > TimeSpan.Zero)
                {
                    await Task.Delay(readDelay);
                }
            }

            return new CallResult(firstAudio, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes, StatusCode.OK, null);
        }
        catch (RpcException e)
        {
            return new CallResult(firstAudio, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes, e.StatusCode, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException)
        {
            return new CallResult(firstAudio, Stopwatch.GetElapsedTime(started).TotalMilliseconds, bytes, StatusCode.Unknown, e.GetType().Name);
        }
    }

    private static async Task<CallResult> FetchAsync(Bare.BareClient bare, long started)
    {
        try
        {
            var response = await bare.FetchAsync(new FetchRequest());
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new CallResult(elapsed, elapsed, response.Audio.Length, StatusCode.OK, null);
        }
        catch (RpcException e)
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new CallResult(-1, elapsed, 0, e.StatusCode, null);
        }
    }
}
