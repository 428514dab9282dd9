using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TtsGrpc.Protos.V1;
using TtsGrpc.Tests.Support;

namespace TtsGrpc.Tests.Integration;

/// <summary>
/// Clients that go away (cancel, reset the stream, let a short deadline pass) at random points of a call, on a
/// server of its own: every call ends as CANCELLED, DEADLINE_EXCEEDED or OK, on the client and in the server's
/// own count, and nothing is logged at Warning or above. A client that leaves early may leave before its call
/// reaches the server at all, so the test does not expect a number of calls there: after one more call on the same
/// connection (which the server reads after every earlier one) it waits until no request is in flight, then reads.
/// </summary>
[Collection(ProcessWideMeters.Name)]
public sealed class ClientCancellationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Streaming = "tts.v1.TextToSpeech/StreamingSynthesize";
    private const string Synthesize = "tts.v1.TextToSpeech/Synthesize";
    private const string CreateVoice = "tts.v1.Voices/CreateVoice";
    private const string CallsEnded = "tts.requests"; // the server's own count, by method and status
    private const string ActiveRequests = "http.server.active_requests"; // ASP.NET Core's, down after the whole call
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Texts =
    [
        "A short sentence to speak. And a second one after it.",
        "The quick brown fox jumps over the lazy dog, twice, and then it rests.",
        "One. Two. Three. Four.",
    ];

    private readonly TempDirectory _directory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Method, string Code)> _ended = new();
    private readonly SemaphoreSlim _changed = new(0);
    private ServerFixture _server = null!;
    private long _activeRequests;

    private enum CancelPoint
    {
        AfterConfig,
        MidText,
        AfterMessages,
        BeforeFlush,
        AfterFlush,
        AfterInputEnded,
        ShortDeadline,
    }

    public async ValueTask InitializeAsync()
    {
        // The tts.requests instrument exists only with metrics on; the port is never scraped here. A call the
        // client left holds its upload slot until the server sees the reset, a moment after the client moves on,
        // so uploads get more slots than the few left calls this test can have in flight at once.
        _server = await ServerFixture.StartAsync(
            _directory.Path, "--Tts:Metrics:Enabled=true", $"--Tts:Metrics:Port={Scrape.FreePort()}", "--Tts:Voices:MaxConcurrentUploads=100");
        var meters = _server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name is CallsEnded or ActiveRequests)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == ActiveRequests)
            {
                Interlocked.Add(ref _activeRequests, value);
            }
            else
            {
                string method = "", code = "";
                foreach (var tag in tags)
                {
                    if (tag.Key == "method")
                    {
                        method = tag.Value as string ?? "";
                    }
                    else if (tag.Key == "code")
                    {
                        code = tag.Value as string ?? "";
                    }
                }

                _ended.Enqueue((method, code));
            }

            _changed.Release();
        });
        _listener.Start();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _server.DisposeAsync();
        _changed.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task StreamingSynthesize_CancelledAtRandomPoints_NeverInternalAndNothingLoggedAsAFailure()
    {
        const int Workers = 4;
        const int CallsEach = 50;
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var logStart = _server.Log.Length;
        var client = new TextToSpeech.TextToSpeechClient(_server.Channel);

        var seen = await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            var codes = new List<string>();
            for (var i = 0; i < CallsEach; i++)
            {
                var point = (CancelPoint)random.Next(Enum.GetValues<CancelPoint>().Length);
                var code = await StreamAndLeaveAsync(client, point, random, $"{seed}-{worker}-{i}");
                codes.Add($"{point}: {code}");
            }

            return codes;
        })));

        var clientCodes = seen.SelectMany(codes => codes).ToList();
        Assert.True(
            !clientCodes.Any(c => c.EndsWith(": Internal", StringComparison.Ordinal) || c.EndsWith(": Unknown", StringComparison.Ordinal)),
            $"seed {seed}: " + string.Join(", ", clientCodes));
        await AssertEndedQuietlyAsync(Streaming, Workers * CallsEach, logStart, seed);
    }

    [Fact]
    public async Task Synthesize_CancelledOrPastItsDeadline_NeverInternalAndNothingLoggedAsAFailure()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var logStart = _server.Log.Length;
        var client = new TextToSpeech.TextToSpeechClient(_server.Channel);
        const int Calls = 12;

        for (var i = 0; i < Calls; i++)
        {
            var request = new SynthesizeRequest { Text = $"{Texts[i % Texts.Length]} Call {seed} {i}." };
            using var cancel = new CancellationTokenSource();
            var deadline = i % 3 == 2 ? DateTime.UtcNow.AddMilliseconds(random.Next(1, 200)) : DateTime.UtcNow + Timeout;
            using var call = client.Synthesize(request, deadline: deadline, cancellationToken: cancel.Token);
            var code = await EndAsync(async () =>
            {
                if (i % 3 == 1)
                {
                    await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout);
                }

                if (i % 3 != 2)
                {
                    await cancel.CancelAsync();
                }

                await ReadToTheEndAsync(call.ResponseStream);
            });
            Assert.True(code is StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.OK, $"seed {seed}, call {i}: {code}");
        }

        await AssertEndedQuietlyAsync(Synthesize, Calls, logStart, seed);
    }

    [Fact]
    public async Task CreateVoice_UploadCancelledMidway_NeverInternalAndNothingLoggedAsAFailure()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var logStart = _server.Log.Length;
        var client = new Voices.VoicesClient(_server.Channel);
        var wav = WavBuilder.Pcm(WavBuilder.Tone(3, 16000), 16000);
        const int Calls = 6;

        for (var i = 0; i < Calls; i++)
        {
            using var cancel = new CancellationTokenSource();
            var deadline = i % 2 == 1 ? DateTime.UtcNow.AddMilliseconds(random.Next(1, 100)) : DateTime.UtcNow + Timeout;
            using var call = client.CreateVoice(deadline: deadline, cancellationToken: cancel.Token);
            var chunks = random.Next(0, 4);
            var code = await EndAsync(async () =>
            {
                await call.RequestStream.WriteAsync(new CreateVoiceRequest { Config = new VoiceConfig { Name = $"left {i}" } }).WaitAsync(Timeout);
                for (var c = 0; c < chunks; c++)
                {
                    var chunk = wav.AsMemory(c * 8192, 8192);
                    await call.RequestStream.WriteAsync(new CreateVoiceRequest { Audio = ByteString.CopyFrom(chunk.Span) }).WaitAsync(Timeout);
                }

                if (i % 2 == 0)
                {
                    await cancel.CancelAsync();
                }

                await call.ResponseAsync.WaitAsync(Timeout);
            });
            Assert.True(code is StatusCode.Cancelled or StatusCode.DeadlineExceeded, $"seed {seed}, call {i} after {chunks} chunks: {code}");
        }

        await AssertEndedQuietlyAsync(CreateVoice, Calls, logStart, seed);
    }

    /// <summary>One StreamingSynthesize call that the client leaves at <paramref name="point"/>; the status it saw.</summary>
    private static async Task<StatusCode> StreamAndLeaveAsync(TextToSpeech.TextToSpeechClient client, CancelPoint point, Random random, string tag)
    {
        using var cancel = new CancellationTokenSource();
        var deadline = point == CancelPoint.ShortDeadline ? DateTime.UtcNow.AddMilliseconds(random.Next(1, 300)) : DateTime.UtcNow + Timeout;
        using var call = client.StreamingSynthesize(deadline: deadline, cancellationToken: cancel.Token);
        // Half the calls speak a fresh text (synthesized while the client leaves), half a cached one.
        var text = Texts[random.Next(Texts.Length)] + (random.Next(2) == 0 ? $" Call {tag}." : "");
        var words = text.Split(' ');
        var messages = random.Next(1, 4);
        return await EndAsync(async () =>
        {
            await SendAsync(call, new StreamingSynthesizeRequest { Config = new SynthesizeRequest() });
            switch (point)
            {
                case CancelPoint.AfterConfig:
                    break;
                case CancelPoint.MidText:
                    foreach (var word in words.Take(random.Next(1, words.Length)))
                    {
                        await SendAsync(call, new StreamingSynthesizeRequest { Text = word + " " });
                    }

                    break;
                case CancelPoint.AfterMessages:
                    await SendAsync(call, new StreamingSynthesizeRequest { Text = text, Flush = true });
                    for (var m = 0; m < messages && await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout); m++)
                    {
                    }

                    break;
                case CancelPoint.BeforeFlush:
                    await SendAsync(call, new StreamingSynthesizeRequest { Text = text });
                    break;
                case CancelPoint.AfterFlush:
                    await SendAsync(call, new StreamingSynthesizeRequest { Text = text, Flush = true });
                    break;
                case CancelPoint.AfterInputEnded:
                    await SendAsync(call, new StreamingSynthesizeRequest { Text = text });
                    await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
                    for (var m = 0; m < messages && await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout); m++)
                    {
                    }

                    break;
                case CancelPoint.ShortDeadline:
                    foreach (var word in words)
                    {
                        await SendAsync(call, new StreamingSynthesizeRequest { Text = word + " " });
                    }

                    await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
                    break;
            }

            if (point != CancelPoint.ShortDeadline)
            {
                await cancel.CancelAsync();
            }

            await ReadToTheEndAsync(call.ResponseStream);
        });
    }

    private static Task SendAsync(AsyncDuplexStreamingCall<StreamingSynthesizeRequest, SynthesizeResponse> call, StreamingSynthesizeRequest message) =>
        call.RequestStream.WriteAsync(message).WaitAsync(Timeout);

    private static async Task ReadToTheEndAsync(IAsyncStreamReader<SynthesizeResponse> responses)
    {
        while (await responses.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
        }
    }

    /// <summary>Runs a call to its end as the client sees it: OK, or the status of the RpcException it ended with.</summary>
    private static async Task<StatusCode> EndAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>
    /// Waits until every call sent so far has ended on the server, then checks the codes it counted for
    /// <paramref name="method"/> and that no log line since <paramref name="logStart"/> is at Warning or above.
    /// </summary>
    private async Task AssertEndedQuietlyAsync(string method, int calls, int logStart, int seed)
    {
        var barrier = new TextToSpeech.TextToSpeechClient(_server.Channel);
        await barrier.ListVoicesAsync(new ListVoicesRequest(), deadline: DateTime.UtcNow + Timeout).ResponseAsync.WaitAsync(Timeout);
        while (Interlocked.Read(ref _activeRequests) != 0)
        {
            Assert.True(
                await _changed.WaitAsync(Timeout, TestContext.Current.CancellationToken),
                $"seed {seed}: {Interlocked.Read(ref _activeRequests)} requests still in flight on the server");
        }

        var ended = _ended.Where(end => end.Method == method).Select(end => end.Code).ToList();
        var failures = _server.Log[logStart..].Split(Environment.NewLine)
            .Where(line => line.StartsWith("Warning ", StringComparison.Ordinal)
                || line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal))
            .ToList();
        var report = $"seed {seed}: {string.Join(", ", ended)}\n{string.Join('\n', failures)}";
        Assert.True(ended.Count > 0 && ended.Count <= calls, $"the server counted {ended.Count} of {calls} calls; {report}");
        Assert.True(ended.All(code => code is "CANCELLED" or "DEADLINE_EXCEEDED" or "OK"), report);
        Assert.True(failures.Count == 0, report);
        output.WriteLine($"{method}: {calls} calls, {ended.Count} reached the server: "
            + string.Join(", ", ended.GroupBy(code => code).Select(g => $"{g.Count()} {g.Key}")));
    }
}
