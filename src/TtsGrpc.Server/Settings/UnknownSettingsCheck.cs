using Microsoft.Extensions.Options;

namespace TtsGrpc.Server.Settings;

/// <summary>
/// Refuses at start every key under "Tts" that no options class declares: a misspelt key, one at the wrong level
/// ("Tts:Lookahead" for "Tts:Synthesis:Lookahead") or one of a section this version does not have
/// ("Tts:Engines:Espeak:…", "Tts:Cache:Remote:…"), each of which would otherwise be ignored in silence. A component that
/// adds a section registers its options class with <see cref="SettingsRegistration.AddSettings{TOptions}"/>, and its
/// keys are known from then on; nothing else under "Tts" is.
/// </summary>
internal sealed class UnknownSettingsCheck(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    : IValidateOptions<SettingsTree>
{
    public ValidateOptionsResult Validate(string? name, SettingsTree options)
    {
        var known = new KnownSettings(sections);
        var failures = configuration.GetSection(ServerOptions.Section).AsEnumerable()
            .Where(setting => setting.Value is not null)
            .Select(setting => known.FirstUnknown(setting.Key, setting.Value!) is { } unknown ? Describe(setting.Key, unknown, known) : null)
            .OfType<string>()
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Describe(string key, int unknown, KnownSettings known)
    {
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        if (!known.IsGroup(segments) && known.Suggest(segments, unknown) is { } suggestion)
        {
            return $"Setting {key} is not read by any option; did you mean {suggestion}?";
        }

        var what = known.IsGroup(segments)
            ? "it is a group of settings: set the keys under it"
            : unknown < segments.Length - 1
            ? $"this version has no {string.Join(ConfigurationPath.KeyDelimiter, segments[..(unknown + 1)])} settings"
            : $"{string.Join(ConfigurationPath.KeyDelimiter, segments[..unknown])} has no setting {segments[unknown]}";
        return $"Setting {key} is not read by any option ({what}); remove it (docs/configuration.md lists every key).";
    }
}
