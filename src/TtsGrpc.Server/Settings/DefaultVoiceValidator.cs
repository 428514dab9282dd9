using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// The default voices in configuration must be voices the engine has: a typo stops start-up with the key
/// named, instead of failing every request that names no voice.
/// </summary>
internal sealed class DefaultVoiceValidator(IEnumerable<ISpeechEngine> engines) : IValidateOptions<SynthesisOptions>, IValidateOptions<VoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, SynthesisOptions options) =>
        Check($"{SynthesisOptions.Section}:{nameof(SynthesisOptions.DefaultVoice)}", options.DefaultVoice);

    public ValidateOptionsResult Validate(string? name, VoiceOptions options) =>
        Check($"{VoiceOptions.Section}:{nameof(VoiceOptions.DefaultBaseVoice)}", options.DefaultBaseVoice);

    private ValidateOptionsResult Check(string key, string voice)
    {
        var all = engines.ToList();
        if (string.IsNullOrWhiteSpace(voice) || all.Count == 0 || all[0].Voices.Count == 0)
        {
            return ValidateOptionsResult.Skip; // empty is refused by [Required]; no voices at all is the engine's failure
        }

        // A catalog resolves the name exactly as requests will ("en-us", "espeak:en-us", "piper:<stem>").
        var catalog = new VoiceCatalog(all, all[0].Voices[0].Id);
        var found = catalog.Find(voice);
        return found switch
        {
            { Unavailable: null } => ValidateOptionsResult.Success,
            { Unavailable: { } reason } => ValidateOptionsResult.Fail($"{key} is '{voice}', which cannot be used: {reason}."),
            null => ValidateOptionsResult.Fail(
                $"{key} is '{voice}', which is not one of the {catalog.All.Count()} voices; " +
                "use a voice id or language from ListVoices, such as en-us."),
        };
    }
}
