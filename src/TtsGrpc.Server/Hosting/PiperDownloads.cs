using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using TtsGrpc.Core.Engines.Piper;

namespace TtsGrpc.Server.Hosting;

/// <summary>
/// The two HttpClients of <see cref="PiperVoiceInstaller"/>, each timed for what it fetches.
/// <para>
/// voices.json is small: each try gets 20 s, and transient failures (no connection, 5xx, 408, 429, a try that timed
/// out) are tried again 3 times, 0.5 s apart and doubling, within 60 s in all.
/// </para>
/// <para>
/// A voice model is 20 to 140 MB, so no total timeout suits both a fast link and a slow one: HttpClient's default
/// 100 s would cut a 63 MB model on anything slower than 5 Mbit/s. The download client has none; the installer
/// instead abandons a download that receives nothing for Tts:Engines:Piper:DownloadStallSeconds (waiting for the
/// headers included), and connecting may take as long. Model downloads are not retried here: a retry starts tens of
/// megabytes over, which is the caller's call.
/// </para>
/// </summary>
internal static class PiperDownloads
{
    public static void AddHttpClients(IServiceCollection services)
    {
        services.AddHttpClient(PiperVoiceInstaller.IndexClient, client => client.MaxResponseContentBufferSize = PiperVoiceInstaller.MaxIndexBytes)
            .AddResilienceHandler("voice-index", pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(60))
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    Delay = TimeSpan.FromMilliseconds(500),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(20)));

        services.AddHttpClient(PiperVoiceInstaller.DownloadClient, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PiperOptions>>().Value.DownloadStallSeconds),
                // The index's sizes and digests are of the files as stored; nothing may change the bytes on the way.
                AutomaticDecompression = DecompressionMethods.None,
            });
    }
}
