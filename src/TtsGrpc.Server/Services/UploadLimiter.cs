using Microsoft.Extensions.Options;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Server.Services;

/// <summary>
/// Admission of CreateVoice calls: each holds its upload in memory (up to Tts:Voices:MaxUploadBytes) and
/// then runs an analysis, so Tts:Voices:MaxConcurrentUploads bounds both the memory and the analysis queue.
/// </summary>
internal sealed class UploadLimiter(IOptions<VoiceOptions> options) : Admission
{
    protected override int Limit => options.Value.MaxConcurrentUploads;

    protected override string Refusal(int limit, int retryAfterSeconds) =>
        $"The server is receiving its limit of {limit} voice uploads at once (Tts:Voices:MaxConcurrentUploads); retry in {retryAfterSeconds} s.";
}
