using Microsoft.Extensions.Options;
using TtsGrpc.Core.Engines;
using TtsGrpc.Core.Synthesis;
using TtsGrpc.Core.Voices;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// The default voices in configuration must be voices the engine has: a typo stops start-up with the key
/// named, instead of failing every request that names no voice.
/// </summary>
internal sealed class DefaultVoiceValidator(ISpeechEngine engine) : IValidateOptions<SynthesisOptions>, IValidateOptions<VoiceOptions>
{
    public ValidateOptionsResult Validate(string? name, SynthesisOptions options) =>
        Check($"{SynthesisOptions.Section}:{nameof(SynthesisOptions.DefaultVoice)}", options.DefaultVoice);

    public ValidateOptionsResult Validate(string? name, VoiceOptions options) =>
        Check($"{VoiceOptions.Section}:{nameof(VoiceOptions.DefaultBaseVoice)}", options.DefaultBaseVoice);

    private ValidateOptionsResult Check(string key, string voice)
    {
        if (string.IsNullOrWhiteSpace(voice) || engine.Voices.Count == 0)
        {
            return ValidateOptionsResult.Skip; // empty is refused by [Required]; no voices at all is the engine's failure
        }

        // A catalog resolves the name exactly as requests will ("en-us", "espeak:en-us", an engine key).
        var catalog = new VoiceCatalog(engine, engine.Voices[0].Id);
        return catalog.Find(voice) is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{key} is '{voice}', which is not one of the {engine.Voices.Count} {engine.Id} voices; " +
                "use a voice id or language from ListVoices, such as en-us.");
    }
}
