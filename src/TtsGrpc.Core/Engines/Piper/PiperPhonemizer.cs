namespace TtsGrpc.Core.Engines.Piper;

// TEMPORARY STUB (replaced by the phonemizer branch)
public sealed class PiperPhonemizer
{
    public const int Version = 1;

    public long SkippedPhonemes => 0;

    public Task<PhonemeIds> ToIdsAsync(string text, PiperVoiceConfig config, CancellationToken cancellationToken) =>
        Task.FromResult(new PhonemeIds([1, 0, .. text.Where(char.IsLetter).SelectMany(c => new long[] { config.PhonemeIdMap.TryGetValue(c, out var id) ? id[0] : 3, 0 }), 2], 0));
}

public sealed record PhonemeIds(long[] Ids, int Skipped);
